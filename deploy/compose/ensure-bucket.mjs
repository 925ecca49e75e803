// The compose stack's one-shot `bucket` service (run with the app image, whose node_modules
// hold the AWS SDK): makes S3_BUCKET in the S3 store unless it exists. Retries while the store
// starts, so it also works where `depends_on` conditions are not honoured (podman-compose 1.0).
import { setTimeout as sleep } from 'node:timers/promises'

import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3'

const { env } = process
const bucket = env.S3_BUCKET
const client = new S3Client({
  endpoint: env.S3_ENDPOINT,
  region: env.S3_REGION ?? 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
})

for (let attempt = 1; ; attempt++) {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }))
    console.log(`bucket ${bucket} is there`)
    break
  } catch (error) {
    if (error?.$metadata?.httpStatusCode === 404) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
      console.log(`bucket ${bucket} created`)
      break
    }
    if (attempt >= 60) {
      throw error
    }
    await sleep(2000)
  }
}
