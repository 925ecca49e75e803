import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** One span as an OTLP/HTTP JSON export carries it, flattened with its service and instrumentation scope. */
export type ReceivedSpan = {
  service: string
  scope: string
  traceId: string
  spanId: string
  parentSpanId: string
  name: string
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number
  attributes: Record<string, unknown>
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  status: number
}

export type OtlpReceiver = {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  url: string
  spans: ReceivedSpan[]
  /** The Content-Type of every export received. */
  contentTypes: string[]
  close: () => Promise<void>
}

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; doubleValue?: number; arrayValue?: { values?: AnyValue[] } }
type KeyValue = { key: string; value: AnyValue }

const valueOf = (value: AnyValue): unknown => {
  if (value.intValue !== undefined) {
    return Number(value.intValue)
  }
  if (value.arrayValue) {
    return (value.arrayValue.values ?? []).map(valueOf)
  }
  return value.stringValue ?? value.boolValue ?? value.doubleValue
}

const attributesOf = (list: KeyValue[] | undefined): Record<string, unknown> => Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]))

type Export = {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] }
    scopeSpans?: { scope?: { name?: string }; spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: KeyValue[]; status?: { code?: number } }[] }[]
  }[]
}

/**
 * An OpenTelemetry collector's OTLP/HTTP traces endpoint on 127.0.0.1 (`POST /v1/traces`), for
 * JSON exports: it keeps every span it is sent and answers as a collector does. A body in any
 * other encoding is refused with 415.
 */
export const startOtlpReceiver = async ({ port = 0 }: { port?: number } = {}): Promise<OtlpReceiver> => {
  const spans: ReceivedSpan[] = []
  const contentTypes: string[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end()
        return
      }
      const contentType = req.headers['content-type'] ?? ''
      contentTypes.push(contentType)
      if (!contentType.startsWith('application/json')) {
        res.writeHead(415).end()
        return
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Export
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'])
        for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
          for (const span of scopeSpans.spans ?? []) {
            spans.push({
              service,
              scope: scopeSpans.scope?.name ?? '',
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
              status: span.status?.code ?? 0,
            })
          }
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"partialSuccess":{}}')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    contentTypes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
