import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions'

import { version } from '@/version'

/**
 * Exports this process's spans over OTLP/HTTP (JSON) to `url`, in batches. The provider, context
 * manager and W3C propagator are registered with @opentelemetry/api, which keeps them on
 * globalThis: code inside Next's bundles (Payload's hooks, the database driver) and Next's own
 * spans reach the same ones. Answers how to flush and stop.
 */
export const startOtlpTraces = ({ url, serviceName }: { url: string; serviceName: string }): (() => Promise<void>) => {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, [ATTR_SERVICE_VERSION]: version }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  })
  provider.register()
  return () => provider.shutdown()
}
