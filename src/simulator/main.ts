/**
 * `npm run simulator`: the simulator as its own process. Env: SIMULATOR_PORT (9100), SIMULATOR_HOST
 * (127.0.0.1), SIMULATOR_SEED (42), SIMULATOR_SIZE (1), SIMULATOR_INVENTORY_FILE, SIMULATOR_KEYS
 * (`id:secret,id:secret`; default the demo key), SIMULATOR_QPS_PER_KEY, SIMULATOR_LATENCY_MS,
 * SIMULATOR_ERROR_RATE, SIMULATOR_DROP_RATE, SIMULATOR_PAGE_SIZE_CS (50, CS ListTagResources items a page),
 * SIMULATOR_PAGE_SIZE_ECS (50, ECS ListTagResources rows a page). Prints one line with its URL; SIGINT/SIGTERM
 * close it.
 */
import { simulatorOptionsFromEnv } from './env.js';
import { startSimulator } from './server.js';
import { DEMO_KEY } from './types.js';

async function main(): Promise<void> {
  let options;
  try {
    options = simulatorOptionsFromEnv(process.env);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  let sim;
  try {
    sim = await startSimulator(options);
  } catch (e) {
    console.error(`Simulator failed to start: ${(e as Error).message}`);
    process.exit(1);
  }
  const keys = (options.keys ?? [DEMO_KEY]).map((k) => k.accessKeyId).join(', ');
  console.log(
    `Alibaba Cloud simulator listening on ${sim.url} (keys: ${keys}; seed ${options.seed}, size ${options.size})`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
