// s3rver in a plain Node process: under tsx's loader one of its dependencies resolves wrongly.
// Prints its port, then serves until killed. Argument: the folder to keep objects in.
import S3rver from 's3rver'

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2], configureBuckets: [{ name: 'aqoon-bench', configs: [] }] })
const { port } = await server.run()
console.log(JSON.stringify({ port }))
