import { readFile } from 'node:fs/promises';

/**
 * Returns the node flags on the first line of an entry script, as in
 * `#!/usr/bin/env -S node --max-old-space-size=512`, so that a script started with
 * `node <flags> <script>` runs as its shebang would run it. No flags for another first line.
 */
export async function binNodeFlags(scriptPath: string): Promise<string[]> {
  const firstLine = (await readFile(scriptPath, 'utf8')).split('\n', 1)[0]!;
  const match = /^#!\S*env\s+-S\s+node\s+(.*)$/.exec(firstLine);
  return match ? match[1]!.trim().split(/\s+/).filter((flag) => flag.startsWith('--')) : [];
}
