import fs from 'node:fs';
import path from 'node:path';

/** The project root, found from this file whether it runs from source (tsx, jest) or from dist/. */
export const projectRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = up;
  }
  return dir;
})();

export interface ToolPaths {
  temporal: string;
  temporalTestServer: string;
  ferretdb: string;
}

/** Where scripts/provision.sh puts the servers; each can be overridden for users who have them. */
export function toolPaths(env: NodeJS.ProcessEnv = process.env): ToolPaths {
  const tools = path.join(projectRoot, '.tools');
  return {
    temporal: env.TEMPORAL_CLI_PATH || path.join(tools, 'bin', 'temporal'),
    temporalTestServer:
      env.TEMPORAL_TEST_SERVER_PATH || path.join(tools, 'bin', 'temporal-test-server'),
    ferretdb: env.FERRETDB_PATH || path.join(tools, 'bin', 'ferretdb'),
  };
}
