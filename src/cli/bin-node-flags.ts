import { readFile } from 'node:fs/promises';

/**
 * Returns the node flags on the first line of an entry script, such as
 * `#!/usr/bin/env -S node --max-old-space-size=512`, so that `node <flags> <script>` runs it
 * as its shebang would. Any other first line gives no flags.
 */
export async function binNodeFlags(scriptPath: string): Promise<string[]> {
  const firstLine = (await readFile(scriptPath, 'utf8')).split('\n', 1)[0]!;
  const match = /^#!\S*env\s+-S\s+node\s+(.*)$/.exec(firstLine);
  return match ? match[1]!.trim().split(/\s+/).filter((flag) => flag.startsWith('--')) : [];
}
