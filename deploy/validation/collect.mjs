// Fallback renderer: follows a kustomization's `resources` (files and nested kustomization
// directories), fails on any that is missing, and prints the manifests as written.
import { readFileSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";

function kustomizationFile(dir) {
  for (const n of ["kustomization.yaml", "kustomization.yml", "Kustomization"])
    if (existsSync(path.join(dir, n))) return path.join(dir, n);
  throw new Error(`${dir}: no kustomization.yaml`);
}

function collect(dir, out) {
  const file = kustomizationFile(dir);
  const k = YAML.parse(readFileSync(file, "utf8"));
  if (k?.kind !== "Kustomization") throw new Error(`${file}: kind must be Kustomization`);
  for (const r of k.resources ?? []) {
    const target = path.resolve(dir, r);
    if (!existsSync(target)) throw new Error(`${file}: resource ${r} does not exist`);
    if (statSync(target).isDirectory()) collect(target, out);
    else out.push(readFileSync(target, "utf8").trim());
  }
  for (const g of k.secretGenerator ?? [])
    for (const e of g.envs ?? [])
      if (!existsSync(path.resolve(dir, e))) throw new Error(`${file}: secretGenerator env file ${e} does not exist`);
  return out;
}

try {
  process.stdout.write(collect(path.resolve(process.argv[2]), []).join("\n---\n") + "\n");
} catch (e) {
  console.error(`FAIL  ${e.message}`);
  process.exit(1);
}
