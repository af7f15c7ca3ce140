/**
 * The ChatOps commands of pull-request comments: the {@link dev.pitapat.command.Command} types, the
 * {@link dev.pitapat.command.CommandParser} that reads them from a comment, the command table that drives
 * both parsing and {@code /help}, and {@link dev.pitapat.model.Markdown}, through which replies quote what
 * people wrote.
 */
@NullMarked
package dev.pitapat.command;

import org.jspecify.annotations.NullMarked;
