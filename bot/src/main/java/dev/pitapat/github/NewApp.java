package dev.pitapat.github;

import java.net.URI;

/**
 * A GitHub App GitHub has just registered from pitapat's manifest, with its credentials as GitHub hands them over,
 * once ({@code POST /app-manifests/{code}/conversions}). {@link #toString()} names the App, never a secret.
 *
 * @param id the App's id ({@code pitapat.github.app-id})
 * @param slug the App's URL name; its bot user is {@code <slug>[bot]}
 * @param owner the account that owns the App
 * @param htmlUrl the App's page on GitHub ({@code <web>/apps/<slug>})
 * @param clientId the App's OAuth client id ({@code pitapat.github.client-id})
 * @param clientSecret the App's OAuth client secret ({@code pitapat.github.client-secret})
 * @param webhookSecret the secret GitHub signs the App's webhooks with ({@code pitapat.github.webhook-secret})
 * @param pem the App's private key, PKCS#1 PEM ({@code pitapat.github.private-key})
 */
public record NewApp(
        long id,
        String slug,
        String owner,
        URI htmlUrl,
        String clientId,
        String clientSecret,
        String webhookSecret,
        String pem) {

    @Override
    public String toString() {
        return "NewApp[id=" + id + ", slug=" + slug + ", owner=" + owner + ", htmlUrl=" + htmlUrl + ", clientId="
                + clientId + ", clientSecret=(set), webhookSecret=(set), pem=(set)]";
    }
}
