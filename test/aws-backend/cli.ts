/**
 * The AWS backend from the command line, for the demo, the VS Code integration tests and the benchmark:
 *
 *   node out/test/aws-backend/cli.js serve [--fixture demo] [--latency 20]
 *     starts moto and the proxy, seeds the fixture, prints one JSON line {"endpoint", "pid", ...} and
 *     serves until killed (SIGINT/SIGTERM stop moto too).
 *   node out/test/aws-backend/cli.js mfa-code <serial> [--endpoint http://127.0.0.1:PORT]
 *     prints the current code of a fixture's virtual MFA device (the demo's authenticator app).
 *   node out/test/aws-backend/cli.js approve <user-code> [--endpoint ...]
 *     signs an Identity Center device authorization in, as the user would in the browser.
 *
 * Without --endpoint, the commands use $SOP_LENS_AWS_ENDPOINT.
 */
import { connectAwsBackend, startAwsBackend } from './harness';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function endpointOf(args: string[]): string {
  const endpoint = option(args, '--endpoint') ?? process.env.SOP_LENS_AWS_ENDPOINT;
  if (!endpoint) throw new Error('Give the backend with --endpoint http://127.0.0.1:PORT or SOP_LENS_AWS_ENDPOINT (printed by `serve`)');
  return endpoint;
}

async function serve(args: string[]): Promise<void> {
  const fixture = option(args, '--fixture') ?? 'demo';
  const latencyMs = Number(option(args, '--latency') ?? 0);
  const backend = await startAwsBackend({ latencyMs });
  const seeded = await backend.seed(fixture);
  process.stdout.write(`${JSON.stringify({ endpoint: backend.endpoint, pid: process.pid, motoUrl: backend.motoUrl, motoPid: backend.motoPid, fixture, accounts: seeded.accounts })}\n`);
  const stop = () => {
    void backend.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The proxy's server keeps the process alive until a signal arrives.
}

async function main(args: string[]): Promise<void> {
  const [command, argument] = args;
  switch (command) {
    case 'serve':
      return serve(args);
    case 'mfa-code':
      if (!argument) throw new Error('Usage: mfa-code <serial> [--endpoint url]');
      process.stdout.write(`${await connectAwsBackend(endpointOf(args)).mfaCode(argument)}\n`);
      return;
    case 'approve':
      if (!argument) throw new Error('Usage: approve <user-code> [--endpoint url]');
      await connectAwsBackend(endpointOf(args)).approveDeviceCode(argument);
      process.stdout.write(`approved ${argument}\n`);
      return;
    default:
      throw new Error('Usage: cli.js serve [--fixture demo] [--latency ms] | mfa-code <serial> [--endpoint url] | approve <user-code> [--endpoint url]');
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
