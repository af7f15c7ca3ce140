// Checks Kubernetes documents (a JSON array on stdin) against their API schema: Kubernetes' own kinds with
// kubernetes-models (generated from Kubernetes' OpenAPI), the Prometheus Operator's ServiceMonitor with
// @kubernetes-models/prometheus-operator (generated from its CRD). Prints "valid", or one line per problem
// ("<document index> <kind> <path> <keyword> <details>") and exits 1. Used by dev.pitapat.chart.KubernetesSchema.
const packages = { "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator" };

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const documents = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const problems = [];
for (const [index, document] of documents.entries()) {
  const { apiVersion, kind } = document;
  const where = `${index} ${kind}`;
  let Kind;
  try {
    const module = await import(`${packages[apiVersion] ?? "kubernetes-models"}/${apiVersion}/${kind}`);
    Kind = module[kind];
  } catch {
    Kind = undefined;
  }
  if (typeof Kind !== "function") {
    problems.push(`${where} / schema ${JSON.stringify({ missing: `${apiVersion} ${kind}` })}`);
    continue;
  }
  try {
    new Kind(document).validate();
  } catch (error) {
    if (!Array.isArray(error.errors)) {
      throw error;
    }
    for (const e of error.errors) {
      problems.push(`${where} ${e.instancePath || "/"} ${e.keyword} ${JSON.stringify(e.params)}`);
    }
  }
}
if (problems.length === 0) {
  console.log("valid");
} else {
  problems.forEach((line) => console.log(line));
  process.exit(1);
}
