/**
 * Registering pitapat's GitHub App through GitHub's App manifest flow: {@code GET /setup} and its callback, for the
 * operator, on loopback only, and only while no App is configured.
 */
@NullMarked
package dev.pitapat.setup;

import org.jspecify.annotations.NullMarked;
