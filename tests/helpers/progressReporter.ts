import type { Reporter, TestCase, TestModule } from 'vitest/node'

/** Minutes without any test finishing before the run says what it is waiting on. */
const QUIET_MINUTES = 4
/** Minutes without progress after which the run is stopped rather than left to a CI timeout. */
const STALLED_MINUTES = 20

const clock = (): string => new Date().toISOString().slice(11, 19)
const shortName = (module: TestModule): string => module.moduleId.replace(`${process.cwd()}/`, '')

/**
 * Prints when each test file is taken up and, when nothing moves for a while, which file and
 * test the run is waiting on: a hung run in CI otherwise ends in a timeout that says nothing.
 * A run stalled for STALLED_MINUTES fails with that answer instead of eating the CI budget.
 */
export default class ProgressReporter implements Reporter {
  private lastProgress = Date.now()
  private current = new Map<string, string>()
  private timer: NodeJS.Timeout | undefined

  onTestRunStart(): void {
    console.log(`[${clock()}] test run started`)
    this.timer = setInterval(() => this.check(), 60_000)
    this.timer.unref()
  }

  onTestModuleQueued(module: TestModule): void {
    this.moved(module, 'loading')
    console.log(`[${clock()}] ${shortName(module)}: loading`)
  }

  onTestModuleCollected(module: TestModule): void {
    this.moved(module, 'collected')
  }

  onTestCaseReady(test: TestCase): void {
    this.moved(test.module, `running "${test.fullName}"`)
  }

  onTestCaseResult(test: TestCase): void {
    this.moved(test.module, `finished "${test.fullName}"`)
  }

  onTestModuleEnd(module: TestModule): void {
    this.lastProgress = Date.now()
    this.current.delete(module.moduleId)
  }

  onTestRunEnd(): void {
    clearInterval(this.timer)
  }

  private moved(module: TestModule, what: string): void {
    this.lastProgress = Date.now()
    this.current.set(module.moduleId, `${shortName(module)}: ${what}`)
  }

  private check(): void {
    const quietFor = (Date.now() - this.lastProgress) / 60_000
    if (quietFor < QUIET_MINUTES) {
      return
    }
    const waitingOn = [...this.current.values()].join('; ') || 'no test file (global setup or teardown)'
    console.log(`[${clock()}] no progress for ${Math.floor(quietFor)} min; waiting on ${waitingOn}`)
    if (quietFor >= STALLED_MINUTES) {
      console.error(`[${clock()}] the run stalled; stopping it`)
      process.exit(1)
    }
  }
}
