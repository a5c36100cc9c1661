/** Fixtures for the output-safety tests: planted user files and a record of a folder's contents. */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under `root` (relative path -> content), hidden ones included: what must survive. */
export function tree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** Writes a user's files into `folder` (made if needed); returns the folder. */
export function plant(folder: string, files: Record<string, string> = { 'thesis.tex': 'four years of work\n', 'summary.json': '{"mine": true}\n' }): string {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** The debris names an interrupted write can leave next to `name` in `folder`. */
export function debris(folder: string, name: string): string[] {
  return readdirSync(folder).filter((entry) => entry.startsWith(`.${name}.writing-`) || entry.startsWith(`.${name}.replaced-`));
}
