// Checks one Kubernetes document (JSON on stdin) against Argo Workflows' API schema, as generated from its Go
// types by kubernetes-models-ts (@kubernetes-models/argo-workflows, Argo Workflows v4). Prints "valid", or one line
// per problem ("<path> <keyword> <details>") and exits 1. Used by dev.pitapat.kube.ArgoWorkflowsSchema.
import { Workflow } from "@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/Workflow";
import { WorkflowTemplate } from "@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/WorkflowTemplate";

const kinds = { Workflow, WorkflowTemplate };
const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const document = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const Kind = kinds[document.kind];
if (!Kind) {
  console.log(`/kind enum ${JSON.stringify(Object.keys(kinds))}`);
  process.exit(1);
}
try {
  new Kind(document).validate();
  console.log("valid");
} catch (error) {
  if (!Array.isArray(error.errors)) {
    throw error;
  }
  for (const e of error.errors) {
    console.log(`${e.instancePath || "/"} ${e.keyword} ${JSON.stringify(e.params)}`);
  }
  process.exit(1);
}
