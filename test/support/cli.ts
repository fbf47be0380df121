import { spawn } from 'node:child_process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Both streams in the order their chunks arrived. */
  output: string;
}

/**
 * Runs the command-line script `src/cli/<name>.ts` in a child process whose environment is `env`
 * plus PATH and HOME only; resolves once it exits (killed after `timeoutMs`).
 */
export function runCli(name: string, args: string[], env: Record<string, string>, timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${name}.ts`, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: CliRun = { code: null, stdout: '', stderr: '', output: '' };
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      run.stdout += c;
      run.output += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      run.stderr += c;
      run.output += c;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ ...run, code });
    });
  });
}
