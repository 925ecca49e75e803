/**
 * Adapts rendered manifests (`kubectl kustomize` output on stdin) for `podman play kube` on this
 * machine, changing only what a single host needs, and writes them to stdout:
 *
 *   migrate  the migration Job's pod template as a Pod (podman plays no Jobs)
 *   web      the web Deployment
 *
 * with the ConfigMap and the Secret's values in one ConfigMap (podman 4.3 reads no Secret kind),
 * the locally built image, the host's network (its PostgreSQL listens on 127.0.0.1 only), so
 * ports from this test's range and probes that name the port by number. Probes, security context, read-only root and volumes stay.
 *
 *   tsx tests/containers/playKubeManifest.ts <migrate|web> <image> <DATABASE_URI> <port> <metricsPort>
 */
import fs from 'node:fs'
import { parseAllDocuments, stringify } from 'yaml'

type Probe = { httpGet?: { path: string; port: number | string } }
type Container = {
  image: string
  startupProbe?: Probe
  livenessProbe?: Probe
  readinessProbe?: Probe
  imagePullPolicy?: string
  env?: { name: string; value: string }[]
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[]
  ports?: { name?: string; containerPort: number }[]
}
type PodSpec = { hostNetwork?: boolean; containers: Container[] }
type K8sObject = {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string> }
  data?: Record<string, string>
  stringData?: Record<string, string>
  spec?: { replicas?: number; template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } }
}

const [what, image, databaseUri, port, metricsPort] = process.argv.slice(2)
if (!what || !image || !databaseUri || !port || !metricsPort) {
  throw new Error('usage: playKubeManifest.ts <migrate|web> <image> <DATABASE_URI> <port> <metricsPort>')
}

const objects = parseAllDocuments(fs.readFileSync(0, 'utf8')).map((doc) => doc.toJS() as K8sObject)
const find = (kind: string) => objects.find((object) => object.kind === kind) ?? (() => { throw new Error(`no ${kind}`) })()

// The services this host has not got (Redis, S3, clamd, SMTP) are left out.
const LEFT_OUT = ['REDIS_URL', 'S3_BUCKET', 'S3_REGION', 'SMTP_HOST', 'SMTP_USER', 'SMTP_PASS', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']
const configMap = find('ConfigMap')
const data: Record<string, string> = { ...configMap.data, ...find('Secret').stringData }
for (const key of LEFT_OUT) {
  delete data[key]
}
Object.assign(data, {
  DATABASE_URI: databaseUri,
  PAYLOAD_SECRET: 'play-kube-test-secret',
  SERVER_URL: `http://127.0.0.1:${port}`,
  METRICS_PORT: metricsPort,
  WORKER_METRICS_PORT: String(Number(metricsPort) + 1),
})
const merged: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: configMap.metadata.name }, data }

const adapt = (spec: PodSpec): PodSpec => {
  spec.hostNetwork = true
  for (const container of spec.containers) {
    container.image = image
    container.imagePullPolicy = 'Never'
    container.envFrom = container.envFrom?.filter((source) => !source.secretRef)
    // On the host's network podman takes no port mappings: the probes name the port by number.
    for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
      if (probe?.httpGet) {
        probe.httpGet.port = Number(port)
      }
    }
    delete container.ports
    container.env = [...(container.env ?? []).filter((one) => one.name !== 'PORT'), { name: 'PORT', value: port }]
  }
  return spec
}

const out: K8sObject[] = [merged]
if (what === 'migrate') {
  const job = find('Job')
  out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: job.metadata.name, labels: job.spec?.template?.metadata?.labels }, spec: adapt(job.spec!.template!.spec) as K8sObject['spec'] })
} else {
  const web = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'aqoon-web') ?? find('Deployment')
  adapt(web.spec!.template!.spec)
  web.spec!.replicas = 1
  out.push(web)
}
for (const object of out) {
  delete object.metadata.namespace
}
process.stdout.write(out.map((object) => stringify(object)).join('---\n'))
