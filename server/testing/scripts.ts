import { spawn } from 'node:child_process'

/**
 * Runs `node script ...args` as the operator would (from the repository root, with `env` over this
 * process's environment, `stdin` written to its standard input when given); resolves with its exit code
 * and everything it printed on standard output and error, in order.
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  if (stdin !== undefined) child.stdin!.end(stdin)
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })))
}
