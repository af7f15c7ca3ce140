package dev.pitapat.deploy;

import org.springframework.stereotype.Component;

/**
 * The pipeline of this version: rendering and GitOps commits are not built yet, so every request is
 * answered plainly that nothing was changed.
 */
@Component
class PipelineNotAvailable implements DeployPipeline {

    @Override
    public String submit(Request request) {
        return "not run: deploying is not available in this version of pitapat yet, so nothing was changed."
                + " Locks, `/status` and `/help` work.";
    }
}
