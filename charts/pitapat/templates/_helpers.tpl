{{/* Names */}}
{{- define "pitapat.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pitapat.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "pitapat.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pitapat.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pitapat.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "pitapat.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "pitapat.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pitapat.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "pitapat.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Where the bot writes: the working directory's data folder (GitOps working clone) and the templates. */}}
{{- define "pitapat.dataDir" -}}/var/lib/pitapat/data{{- end }}
{{- define "pitapat.templatesDir" -}}/etc/pitapat/templates{{- end }}
{{- define "pitapat.gcpKeyDir" -}}/var/run/secrets/pitapat/gcp{{- end }}

{{/*
The chart's own Secret: the secret values given in values, by key. Empty when every secret comes from an
existingSecret (or none is set); the Secret is then not made.
*/}}
{{- define "pitapat.secretData" -}}
{{- $data := dict }}
{{- with .Values.github }}
{{- if not .existingSecret }}
{{- if .appId }}{{ $_ := set $data "app-id" (include "pitapat.scalar" .appId) }}{{ end }}
{{- if .privateKey }}{{ $_ := set $data "private-key" .privateKey }}{{ end }}
{{- if .webhookSecret }}{{ $_ := set $data "webhook-secret" .webhookSecret }}{{ end }}
{{- if .clientSecret }}{{ $_ := set $data "client-secret" .clientSecret }}{{ end }}
{{- end }}
{{- end }}
{{- if .Values.gitops.token }}{{ $_ := set $data "gitops-token" .Values.gitops.token }}{{ end }}
{{- if .Values.redis.password }}
{{- /* percent-encoded: it becomes the password part of the Redis URL */}}
{{- $_ := set $data "redis-password" (.Values.redis.password | urlquery | replace "+" "%20") }}
{{- end }}
{{- toYaml $data }}
{{- end }}

{{/*
A value as the bot reads it: a list comma-separated, a number in full (a values file gives numbers as float64, and
toString would write 1234567 as 1.234567e+06), anything else as text.
*/}}
{{- define "pitapat.scalar" -}}
{{- if kindIs "slice" . }}{{ join "," . }}
{{- else if or (kindIs "float64" .) (kindIs "int64" .) (kindIs "int" .) }}{{ toJson . }}
{{- else }}{{ toString . }}
{{- end }}
{{- end }}

{{/* One secretKeyRef env var. Arguments: (list name secret key) */}}
{{- define "pitapat.secretEnv" -}}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ index . 1 | quote }}
      key: {{ index . 2 | quote }}
{{- end }}

{{/* True (non-empty) when a URL carries a user or password before its host. */}}
{{- define "pitapat.hasUserInfo" -}}
{{- if regexMatch "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@" . }}true{{ end }}
{{- end }}

{{/* The rules values cannot say in the schema; each refusal names the values and what would work. */}}
{{- define "pitapat.validate" -}}
{{- $v := .Values }}
{{- if and (gt (int $v.replicas) 1) (not $v.redis.url) }}
{{- fail (printf "replicas: %d needs Redis: set redis.url (and redis.password or redis.existingSecret). Without Redis the bot keeps deliveries, locks and leases in the memory of one replica (the in-memory store), so it runs as exactly one replica: set replicas: 1." (int $v.replicas)) }}
{{- end }}
{{- with $v.github }}
{{- if and .existingSecret (or .appId .privateKey .webhookSecret .clientSecret) }}
{{- fail "github.existingSecret is set together with github.appId, privateKey, webhookSecret or clientSecret: give the App's credentials one way, either in your Secret or as values." }}
{{- end }}
{{- if and (not .existingSecret) (ne (empty .appId) (empty .privateKey)) }}
{{- fail "github.appId and github.privateKey go together: set both (the App's id and its private key) or neither." }}
{{- end }}
{{- if and (not .existingSecret) (ne (empty .clientId) (empty .clientSecret)) }}
{{- fail "github.clientId and github.clientSecret go together (Sign in with GitHub): set both or neither." }}
{{- end }}
{{- if and .existingSecret .clientId (not .existingSecretKeys.clientSecret) }}
{{- fail "github.clientId is set: github.existingSecretKeys.clientSecret must name the key of the client secret in github.existingSecret." }}
{{- end }}
{{- end }}
{{- if and $v.gitops.token $v.gitops.existingSecret }}
{{- fail "gitops.token and gitops.existingSecret are both set: give the GitOps token one way." }}
{{- end }}
{{- with $v.redis }}
{{- if and .password .existingSecret }}
{{- fail "redis.password and redis.existingSecret are both set: give the Redis password one way." }}
{{- end }}
{{- if and (or .password .existingSecret .username) (not .url) }}
{{- fail "redis.username, redis.password or redis.existingSecret is set without redis.url: set the URL of Redis too, or remove them for the in-memory store." }}
{{- end }}
{{- if include "pitapat.hasUserInfo" .url }}
{{- fail "redis.url holds a user or password: the URL is rendered into the Deployment, so give the password as redis.password or redis.existingSecret (and the user as redis.username), and the URL as redis://host:port/db." }}
{{- end }}
{{- end }}
{{- range $key := list "gitops.repo" "burst.prometheus-url" "github.api-url" "public-url" }}
{{- if include "pitapat.hasUserInfo" (toString (index $v.config $key | default "")) }}
{{- fail (printf "config %s holds a user or password: config is rendered into the Deployment. Give the GitOps token as gitops.token or gitops.existingSecret; a URL that must carry a password goes in extraEnv as PITAPAT_%s with valueFrom.secretKeyRef." $key ($key | replace "." "_" | replace "-" "_" | upper)) }}
{{- end }}
{{- end }}
{{- if and $v.builds.enabled (not $v.kube.enabled) }}
{{- fail "builds.enabled needs kube.enabled: builds run as Argo Workflows in the cluster the bot follows." }}
{{- end }}
{{- if and $v.burst.enabled (not $v.kube.enabled) }}
{{- fail "burst.enabled needs kube.enabled: bursting drains and watches nodes of the cluster the bot follows." }}
{{- end }}
{{- if and $v.burst.gcpServiceAccount $v.burst.credentialsSecret }}
{{- fail "burst.gcpServiceAccount (Workload Identity) and burst.credentialsSecret (a JSON key) are both set: choose one way for the bot to reach GCP." }}
{{- end }}
{{- if and $v.burst.gcpServiceAccount (not $v.serviceAccount.create) }}
{{- fail "burst.gcpServiceAccount annotates the service account the chart makes, and serviceAccount.create is false: annotate your own service account with iam.gke.io/gcp-service-account instead." }}
{{- end }}
{{- if and $v.ingress.enabled (not $v.ingress.host) }}
{{- fail "ingress.enabled needs ingress.host: the host GitHub posts webhooks to (https://<host>/webhooks/github)." }}
{{- end }}
{{- end }}

{{/* The container's environment, in order (a $(VAR) reference needs VAR earlier). */}}
{{- define "pitapat.env" -}}
{{- $v := .Values }}
{{- $chartSecret := include "pitapat.fullname" . }}
{{- $data := include "pitapat.secretData" . | fromYaml }}
{{- with $v.github }}
{{- if .existingSecret }}
{{- range $env, $key := dict "PITAPAT_GITHUB_APP_ID" .existingSecretKeys.appId "PITAPAT_GITHUB_PRIVATE_KEY" .existingSecretKeys.privateKey "PITAPAT_GITHUB_WEBHOOK_SECRET" .existingSecretKeys.webhookSecret }}
{{- if $key }}
{{ include "pitapat.secretEnv" (list $env $v.github.existingSecret $key) }}
{{- end }}
{{- end }}
{{- else }}
{{- range $env, $key := dict "PITAPAT_GITHUB_APP_ID" "app-id" "PITAPAT_GITHUB_PRIVATE_KEY" "private-key" "PITAPAT_GITHUB_WEBHOOK_SECRET" "webhook-secret" }}
{{- if hasKey $data $key }}
{{ include "pitapat.secretEnv" (list $env $chartSecret $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- if .clientId }}
- name: PITAPAT_GITHUB_CLIENT_ID
  value: {{ .clientId | toString | quote }}
{{ include "pitapat.secretEnv" (list "PITAPAT_GITHUB_CLIENT_SECRET" (.existingSecret | default $chartSecret) (ternary .existingSecretKeys.clientSecret "client-secret" (not (empty .existingSecret)))) }}
{{- end }}
{{- end }}
{{- if $v.gitops.existingSecret }}
{{ include "pitapat.secretEnv" (list "PITAPAT_GITOPS_TOKEN" $v.gitops.existingSecret $v.gitops.existingSecretKey) }}
{{- else if $v.gitops.token }}
{{ include "pitapat.secretEnv" (list "PITAPAT_GITOPS_TOKEN" $chartSecret "gitops-token") }}
{{- end }}
- name: PITAPAT_GITOPS_WORKDIR
  value: {{ printf "%s/gitops-work" (include "pitapat.dataDir" .) | quote }}
{{- with $v.redis }}
{{- if .url }}
{{- $url := urlParse .url }}
{{- $credentials := "" }}
{{- if or .password .existingSecret }}
{{ include "pitapat.secretEnv" (list "REDIS_PASSWORD" (.existingSecret | default $chartSecret) (ternary .existingSecretKey "redis-password" (not (empty .existingSecret)))) }}
{{- $credentials = printf "%s:$(REDIS_PASSWORD)@" .username }}
{{- else if .username }}
{{- $credentials = printf "%s@" .username }}
{{- end }}
- name: SPRING_DATA_REDIS_URL
  value: {{ printf "%s://%s%s" $url.scheme $credentials (trimPrefix (printf "%s://" $url.scheme) .url) | quote }}
{{- end }}
{{- end }}
- name: PITAPAT_KUBE_ENABLED
  value: {{ $v.kube.enabled | quote }}
{{- if $v.kube.enabled }}
- name: PITAPAT_KUBE_ARGOCD_NAMESPACE
  value: {{ $v.kube.argocdNamespace | quote }}
- name: PITAPAT_BUILD_NAMESPACE
  value: {{ $v.builds.namespace | quote }}
{{- end }}
- name: PITAPAT_BURST_ENABLED
  value: {{ $v.burst.enabled | quote }}
{{- if $v.burst.credentialsSecret }}
- name: GOOGLE_APPLICATION_CREDENTIALS
  value: {{ printf "%s/%s" (include "pitapat.gcpKeyDir" .) $v.burst.credentialsSecretKey | quote }}
{{- end }}
{{- if $v.templates }}
- name: PITAPAT_TEMPLATES_DIR
  value: {{ include "pitapat.templatesDir" . | quote }}
{{- end }}
{{- /* JGit keeps a settings file of its own under the XDG folders; the image's user has no home */}}
- name: XDG_CONFIG_HOME
  value: /tmp/.config
- name: XDG_CACHE_HOME
  value: /tmp/.cache
{{- if $v.javaToolOptions }}
- name: JAVA_TOOL_OPTIONS
  value: {{ $v.javaToolOptions | quote }}
{{- end }}
{{- range $key, $value := $v.config }}
- name: {{ printf "PITAPAT_%s" ($key | replace "." "_" | replace "-" "_" | upper) }}
  value: {{ include "pitapat.scalar" $value | quote }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
