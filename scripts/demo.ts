/**
 * `npm run demo`: try Lockdown with no Azure account. Builds the bot, then starts and owns:
 *
 *   1. the Graph simulator with the Contoso demo tenant (src/simulator/seeds/contoso.json),
 *   2. the bot (dist/index.js), anonymous on 127.0.0.1, pointed at the simulator,
 *   3. Microsoft 365 Agents Playground (Microsoft's local Teams client) pointed at the bot,
 *
 * prints where to go and what to type, and stops all three on Ctrl-C or SIGTERM.
 *
 *   DEMO_PLAYGROUND_PORT  the Playground's port (default 56150)
 *   DEMO_BOT_PORT         the bot's port (default: any free port)
 *   DEMO_GRAPH_PORT       the Graph simulator's port (default: any free port)
 */
import { join, relative } from 'node:path';
import { DEMO_BOT, SECURITY_CHANNEL, SECURITY_TEAM } from './demo/playground-config';
import { buildOrExit } from './demo/build';
import { killOwnedChildren } from './demo/child-process';
import { PortInUseError, portSetting } from './demo/ports';
import {
  DEFAULT_PORTS,
  PORT_VARIABLES,
  PROJECT_ROOT,
  claimDemoPorts,
  startDemoStack,
  type DemoPorts,
  type DemoStack,
} from './demo/stack';

const WORK_DIR = join(PROJECT_ROOT, 'tmp', 'demo');

function banner(stack: DemoStack): string {
  const me = stack.teams.currentUser;
  const logs = relative(process.cwd(), stack.workDir) || '.';
  return `
Lockdown demo: a simulated Contoso tenant, the bot, and Microsoft's local Teams client.

  Open   ${stack.playgroundUrl}  and pick Teams Channel > ${SECURITY_CHANNEL.name} (${SECURITY_TEAM.name})
  You    ${me.name} <${me.userPrincipleName}>, incident responder on the security team
  Try    @${DEMO_BOT.name} /lockdown adele@contoso.com                  (type @, pick ${DEMO_BOT.name}, then the rest)
         @${DEMO_BOT.name} /lockdown lidia@contoso.com --all            (phished: removes what the attacker left)
         then Confirm: the demo lets you approve your own request
  More   adele@ --keep-enabled, diego@ (one approver; every step succeeds),
         alex@ (synced from AD), lee@ (30 devices), nestor@ (federated),
         megan@ (Global Administrator, privileged: needs a second approver),
         breakglass01@ (protected) ... all @contoso.com
  Logs   ${logs}/*.log
  Stop   Ctrl+C
`;
}

async function main(): Promise<void> {
  let ports: DemoPorts;
  try {
    ports = {
      playground: portSetting(process.env, PORT_VARIABLES.playground, DEFAULT_PORTS.playground),
      bot: portSetting(process.env, PORT_VARIABLES.bot, DEFAULT_PORTS.bot),
      graph: portSetting(process.env, PORT_VARIABLES.graph, DEFAULT_PORTS.graph),
    };
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  try {
    // Before the build, so a taken port is reported at once (the stack checks again at start).
    await claimDemoPorts(ports);
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  buildOrExit('the demo');

  let stack: DemoStack | undefined;
  let stoppingSince: number | undefined;
  const shutdown = (reason: string, code: number): void => {
    if (stoppingSince !== undefined && Date.now() - stoppingSince < 1000) {
      // The same Ctrl-C delivered twice (by the terminal and by npm, which forwards it).
      return;
    }
    if (stoppingSince !== undefined || stack === undefined) {
      // A second Ctrl-C, or one while starting: no lockdown to wait for.
      console.log(`\n${reason}: stopping the demo now.`);
      killOwnedChildren();
      process.exit(stoppingSince !== undefined ? 130 : code);
    }
    stoppingSince = Date.now();
    console.log(`\n${reason}: stopping the demo...`);
    stack.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(code);
      },
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${String(error)}`);
        killOwnedChildren();
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('Ctrl+C', 0));
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  process.on('SIGHUP', () => shutdown('SIGHUP', 0));

  console.log('Starting the Graph simulator, the bot and the Agents Playground...');
  try {
    stack = await startDemoStack({
      workDir: WORK_DIR,
      ports,
      onUnexpectedExit: (name, how, logFile) =>
        shutdown(
          `The ${name} stopped unexpectedly (${how}; see ${relative(process.cwd(), logFile)})`,
          1,
        ),
    });
  } catch (error) {
    if (error instanceof PortInUseError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  console.log(banner(stack));
}

main().catch((error: unknown) => {
  console.error(
    `The demo could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
