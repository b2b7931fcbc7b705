import * as path from 'node:path';
import { generatedCorpus } from './edits/generatedCorpus';
import { peerCorpus } from './edits/peerCorpus';
import { speed } from './edits/speed';
import { unevenWhitespace } from './edits/unevenWhitespace';

/** The edit engine: the peer's patch corpus, damaged patches on real files (also unevenly re-indented), and speed as files grow. */
export default async function run(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..');
  await peerCorpus(repoRoot);
  await generatedCorpus(repoRoot);
  await unevenWhitespace(repoRoot);
  await speed();
}
