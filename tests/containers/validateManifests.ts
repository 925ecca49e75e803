/**
 * Validates rendered Kubernetes manifests (`kubectl kustomize` output, multi-document YAML on
 * stdin) against the Kubernetes schemas of `kubernetes-models`, then checks the rules Aqoon's
 * deployment depends on. Prints one line per object; exits 1 on the first list of problems.
 *
 *   kubectl kustomize deploy/kubernetes/overlays/small | tsx tests/containers/validateManifests.ts small
 *
 * `kubernetes-models` comes from the project's node_modules, or from KUBERNETES_MODELS_DIR (a
 * folder whose node_modules holds it) until it is a devDependency.
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseAllDocuments } from 'yaml'

type Container = {
  name: string
  args?: string[]
  ports?: { name?: string; containerPort: number }[]
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> }
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean }
  readinessProbe?: { httpGet?: { path: string } }
  livenessProbe?: { httpGet?: { path: string } }
}
type PodSpec = {
  containers: Container[]
  terminationGracePeriodSeconds?: number
  securityContext?: { runAsNonRoot?: boolean }
}
type K8sObject = {
  apiVersion: string
  kind: string
  metadata: { name: string; annotations?: Record<string, string> }
  data?: Record<string, string>
  stringData?: Record<string, string>
  spec?: { template?: { metadata?: { annotations?: Record<string, string> }; spec: PodSpec }; rules?: { host?: string }[]; tls?: { hosts?: string[] }[] }
}
type Model = new (data: unknown) => { validate: () => void }

const overlay = process.argv[2] ?? 'manifests'
const problems: string[] = []

const modelsRoot = (): string => {
  const candidates = [process.env.KUBERNETES_MODELS_DIR, process.cwd()].filter(Boolean) as string[]
  for (const dir of candidates) {
    const root = path.join(dir, 'node_modules', 'kubernetes-models')
    if (fs.existsSync(path.join(root, 'package.json'))) {
      return root
    }
  }
  console.error('kubernetes-models is not installed: add it to devDependencies (npm install -D kubernetes-models), or set KUBERNETES_MODELS_DIR.')
  process.exit(2)
}

const root = modelsRoot()

/** The model class of an object: `apps/v1` Deployment -> kubernetes-models/apps/v1 `Deployment`. */
const modelOf = async ({ apiVersion, kind }: K8sObject): Promise<Model | undefined> => {
  const file = path.join(root, ...apiVersion.split('/'), 'index.js')
  if (!fs.existsSync(file)) {
    return undefined
  }
  const models = (await import(pathToFileURL(file).href)) as Record<string, Model>
  return models[kind]
}

const objects = parseAllDocuments(fs.readFileSync(0, 'utf8'))
  .map((doc) => doc.toJS() as K8sObject | null)
  .filter((doc): doc is K8sObject => doc !== null)

for (const object of objects) {
  const id = `${object.kind}/${object.metadata.name}`
  const Model = await modelOf(object)
  if (!Model) {
    problems.push(`${id}: no schema for ${object.apiVersion} ${object.kind}`)
    continue
  }
  try {
    new Model(object).validate()
    console.log(`  [${overlay}] ${object.apiVersion} ${id}: valid`)
  } catch (error) {
    problems.push(`${id}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

const find = (kind: string, name: string) => objects.find((object) => object.kind === kind && object.metadata.name === name)
const config = find('ConfigMap', 'aqoon-config')?.data ?? {}
const grace = Number(config.SHUTDOWN_GRACE_SECONDS ?? 25)

// The rules the app relies on, beyond what the schemas say.
for (const object of objects.filter((one) => one.spec?.template)) {
  const id = `${object.kind}/${object.metadata.name}`
  const pod = object.spec!.template!.spec
  if (pod.securityContext?.runAsNonRoot !== true) {
    problems.push(`${id}: runAsNonRoot is not set`)
  }
  if (object.kind === 'Deployment' && (pod.terminationGracePeriodSeconds ?? 30) <= grace) {
    problems.push(`${id}: terminationGracePeriodSeconds must exceed SHUTDOWN_GRACE_SECONDS (${grace})`)
  }
  for (const container of pod.containers) {
    if (container.securityContext?.readOnlyRootFilesystem !== true || container.securityContext.allowPrivilegeEscalation !== false) {
      problems.push(`${id}/${container.name}: wants a read-only root and no privilege escalation`)
    }
    if (!container.resources?.requests?.memory || !container.resources.limits?.memory) {
      problems.push(`${id}/${container.name}: memory request and limit missing`)
    }
  }
}

const web = find('Deployment', 'aqoon-web')?.spec?.template
const webContainer = web?.spec.containers[0]
if (webContainer?.readinessProbe?.httpGet?.path !== '/api/health/ready' || webContainer.livenessProbe?.httpGet?.path !== '/api/health/live') {
  problems.push('Deployment/aqoon-web: readiness must ask /api/health/ready and liveness /api/health/live')
}
for (const [name, port] of [['aqoon-web', config.METRICS_PORT], ['aqoon-worker', config.WORKER_METRICS_PORT]] as const) {
  const template = find('Deployment', name)?.spec?.template
  const annotations = template?.metadata?.annotations ?? {}
  const ports = template?.spec.containers[0]?.ports?.map((one) => String(one.containerPort)) ?? []
  if (!port || annotations['prometheus.io/scrape'] !== 'true' || annotations['prometheus.io/port'] !== port || !ports.includes(port)) {
    problems.push(`Deployment/${name}: the metrics port (${port ?? 'unset'}) must be a container port and scraped`)
  }
}
const ingress = find('Ingress', 'aqoon')
const hosts = ingress?.spec?.rules?.map((rule) => rule.host) ?? []
const base = config.BASE_DOMAIN
if (!base || !hosts.includes(base) || !hosts.includes(`*.${base}`)) {
  problems.push(`Ingress/aqoon: hosts ${JSON.stringify(hosts)} must be BASE_DOMAIN (${base}) and *.${base}`)
}
for (const [key, value] of Object.entries(find('Secret', 'aqoon-secrets')?.stringData ?? {})) {
  if (!value.includes('change-me')) {
    problems.push(`Secret/aqoon-secrets: ${key} is not a placeholder; real secrets never go into git`)
  }
}
for (const kind of ['Deployment', 'Job', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service', 'Ingress', 'ConfigMap', 'Secret']) {
  if (!objects.some((object) => object.kind === kind)) {
    problems.push(`no ${kind}`)
  }
}

if (problems.length > 0) {
  console.error(`  [${overlay}] ${problems.length} problem(s):\n${problems.map((line) => `    - ${line}`).join('\n')}`)
  process.exit(1)
}
console.log(`  [${overlay}] ${objects.length} objects valid, deployment rules hold`)
