/**
 * Loaded into the app's server with `--import` in NODE_OPTIONS (Node refuses `--cpu-prof` there,
 * and bench/shared/server.ts starts the server with its own arguments): runs V8's sampling
 * profiler from the start, and on SIGUSR2 writes what it sampled so far to
 * `<BENCH_CPU_PROFILE_DIR>/server.<pid>.cpuprofile`. The benchmark asks for it while the server
 * is still up, so the profile does not depend on how the server exits. Processes the server
 * starts inherit NODE_OPTIONS and the profiler; only the one signalled writes anything.
 */
import fs from 'node:fs'
import { Session } from 'node:inspector'
import path from 'node:path'

const dir = process.env.BENCH_CPU_PROFILE_DIR
if (dir) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.start')
  process.on('SIGUSR2', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) {
        const file = path.join(dir, `server.${process.pid}.cpuprofile`)
        fs.writeFileSync(`${file}.partial`, JSON.stringify(result.profile))
        // Renamed once whole, so the benchmark never reads half a file.
        fs.renameSync(`${file}.partial`, file)
      }
      session.post('Profiler.start')
    })
  })
}
