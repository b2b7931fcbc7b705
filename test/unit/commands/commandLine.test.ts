import * as assert from 'node:assert/strict';
import { allCommands, parseCommandLine } from '../../../src/core/commands/commandLine';

/** Each simple command of a line as its word values (`?` for a dynamic word). */
function commands(line: string): string[][] {
  return allCommands(parseCommandLine(line).list).map((c) => [...c.assignments, ...c.words].map((w) => w.value ?? '?'));
}

function problems(line: string): string[] {
  return parseCommandLine(line).problems;
}

describe('the command-line parser', () => {
  it('splits words on blanks and removes quotes the way the shell does', () => {
    assert.deepEqual(commands(`npm   test -- --grep 'a b' "c d" e\\ f`), [['npm', 'test', '--', '--grep', 'a b', 'c d', 'e f']]);
    assert.deepEqual(problems(`npm test`), []);
  });

  it('keeps quoted operators inside their word', () => {
    assert.deepEqual(commands(`echo "a; rm -rf /" 'b && c' d\\;e`), [['echo', 'a; rm -rf /', 'b && c', 'd;e']]);
  });

  it('finds every command of a chain, a pipeline and a background job', () => {
    assert.deepEqual(commands('npm test && git push; ls | wc -l || echo no & sleep 1'), [
      ['npm', 'test'],
      ['git', 'push'],
      ['ls'],
      ['wc', '-l'],
      ['echo', 'no'],
      ['sleep', '1'],
    ]);
    assert.deepEqual(parseCommandLine('a && b; c | d || e & f').list.operators, ['&&', ';', '||', '&']);
  });

  it('treats a newline as a command separator', () => {
    assert.deepEqual(commands('npm test\nrm -rf /'), [['npm', 'test'], ['rm', '-rf', '/']]);
  });

  it('joins lines continued with a backslash', () => {
    assert.deepEqual(commands('npm \\\n  test'), [['npm', 'test']]);
  });

  it('parses commands inside $(…), backticks, and both inside double quotes', () => {
    assert.deepEqual(commands('echo $(rm -rf ~) `curl x` "$(git push)" "`id`"'), [['echo', '?', '?', '?', '?'], ['rm', '-rf', '?'], ['curl', 'x'], ['git', 'push'], ['id']]);
  });

  it('follows nested substitutions and escaped backticks', () => {
    assert.deepEqual(commands('echo $(echo $(whoami) `echo \\`id\\``)'), [['echo', '?'], ['echo', '?', '?'], ['whoami'], ['echo', '?'], ['id']]);
  });

  it('does not run substitutions inside single quotes', () => {
    assert.deepEqual(commands(`echo '$(rm -rf /)' '\`id\`'`), [['echo', '$(rm -rf /)', '`id`']]);
  });

  it('parses subshells, groups and process substitution', () => {
    assert.deepEqual(commands('(cd src && make) ; { npm test; } ; diff <(ls a) >(cat)'), [['cd', 'src'], ['make'], ['npm', 'test'], ['diff', '?', '?'], ['ls', 'a'], ['cat']]);
  });

  it('finds commands hidden in ${…} defaults and $((…))', () => {
    assert.deepEqual(commands('echo ${X:-$(rm -rf /)}'), [['echo', '?'], ['rm', '-rf', '/']]);
    assert.ok(commands('echo $(( $(id) + 1 ))').some((c) => c[0] === 'id'));
  });

  it('separates environment assignments from the command', () => {
    const [command] = allCommands(parseCommandLine('CI=1 NODE_OPTIONS="--require x" npm test').list);
    assert.deepEqual(command.assignments.map((w) => w.value), ['CI=1', 'NODE_OPTIONS=--require x']);
    assert.deepEqual(command.words.map((w) => w.value), ['npm', 'test']);
  });

  it('reads redirections with their descriptors and targets', () => {
    const [command] = allCommands(parseCommandLine('npm test 2>&1 >out.log 2>>err.txt &>all <in <<<word').list);
    assert.deepEqual(command.words.map((w) => w.value), ['npm', 'test']);
    assert.deepEqual(
      command.redirections.map((r) => [r.fd ?? null, r.op, r.target.value]),
      [[2, '>&', '1'], [null, '>', 'out.log'], [2, '>>', 'err.txt'], [null, '&>', 'all'], [null, '<', 'in'], [null, '<<<', 'word']],
    );
  });

  it('reads here-documents and the commands their bodies run, unless the delimiter is quoted', () => {
    assert.deepEqual(commands('cat <<EOF > out.txt\nhello $(whoami)\nEOF\nls'), [['cat'], ['whoami'], ['ls']]);
    assert.deepEqual(commands("cat <<'EOF'\nhello $(whoami)\nEOF\nls"), [['cat'], ['ls']]);
    assert.deepEqual(problems('cat <<EOF\nno end'), ['the here-document "EOF" is never closed']);
  });

  it('decodes $\'…\' strings, so an escaped name is still seen for what it is', () => {
    assert.deepEqual(commands("$'\\x72m' -rf $'\\057'"), [['rm', '-rf', '/']]);
  });

  it('marks words that depend on variables, tildes and braces as dynamic', () => {
    assert.deepEqual(commands('rm -rf $HOME ~ ~/x {a,b} "${X}" plain'), [['rm', '-rf', '?', '?', '?', '?', '?', 'plain']]);
  });

  it('marks globs but keeps their text', () => {
    const [command] = allCommands(parseCommandLine('rm -f *.log').list);
    assert.equal(command.words[2].value, '*.log');
    assert.equal(command.words[2].glob, true);
  });

  it('ignores comments but not a # inside a word', () => {
    assert.deepEqual(commands('npm test # && rm -rf /'), [['npm', 'test']]);
    assert.deepEqual(commands('echo a#b'), [['echo', 'a#b']]);
  });

  it('reports unclosed quotes, parentheses and substitutions', () => {
    assert.match(problems(`echo 'abc`).join(), /single quote/);
    assert.match(problems(`echo "abc`).join(), /double quote/);
    assert.match(problems('echo $(ls').join(), /never closed/);
    assert.match(problems('echo `ls').join(), /backtick/);
    assert.match(problems('(ls').join(), /never closed/);
  });

  it('reports syntax it does not follow: loops, conditions, functions, case', () => {
    assert.ok(problems('for f in *; do rm $f; done').length > 0);
    assert.ok(problems('if true; then ls; fi').length > 0);
    assert.ok(problems('f() { ls; }').length > 0);
    assert.ok(problems('case x in a) ls;; esac').length > 0);
  });

  it('reports control and invisible characters that change how a line looks', () => {
    assert.match(problems('npm test\rrm -rf /').join(), /control character U\+000D/);
    assert.match(problems('npm test \u202e').join(), /invisible character U\+202E/);
    assert.match(problems('npm\u200b test').join(), /invisible character U\+200B/);
    assert.match(problems('npm test\0').join(), /NUL/);
  });

  it('does not treat &> as a background operator', () => {
    assert.deepEqual(parseCommandLine('npm test &> log').list.operators, []);
  });

  it('never throws on hostile input', () => {
    for (const line of ['$(', '`', '"$(', "$'", '${', '<<', '((', '))', '|||', ';;', '&&&', '\\', '$((((((((', '{ { {', '} } }', '<(', 'a >', '"'.repeat(1000), '$('.repeat(500)]) {
      assert.doesNotThrow(() => parseCommandLine(line), line);
    }
  });

  it('finds a substitution in single quotes inside a double-quoted ${…}, which bash runs', () => {
    // bash: x=; echo "${x:-'$(id)'}" prints 'uid=…': the single quotes are literal there.
    assert.match(problems(`echo "\${x:-'$(id)'}"`).join(), /substitution inside single quotes/);
    assert.match(problems('echo "${x:-\'`id`\'}"').join(), /substitution inside single quotes/);
    assert.deepEqual(problems(`echo \${x:-'$(id)'}`), [], 'unquoted, the single quotes do quote');
  });

  it('stops following a line nested past its limit instead of exhausting the stack', () => {
    const deep = ['echo ' + '$('.repeat(40_000) + ')'.repeat(40_000), '('.repeat(50_000), '{ '.repeat(30_000) + 'ls', 'echo ' + '${x:-'.repeat(20_000), 'echo ' + '"$('.repeat(20_000), 'echo ' + '`\\'.repeat(5)];
    for (const line of deep) {
      let parsed: ReturnType<typeof parseCommandLine> | undefined;
      assert.doesNotThrow(() => (parsed = parseCommandLine(line)), line.slice(0, 20));
      if (line.length > 1000) assert.match(parsed?.problems.join() ?? '', /nests more than 100 levels/, line.slice(0, 20));
    }
    assert.deepEqual(problems('echo ' + '$('.repeat(50) + 'ls' + ')'.repeat(50)), [], 'ordinary nesting is followed');
  });

  it('parses a 100 KB line of chained substitutions', function () {
    this.timeout(20_000);
    const line = Array.from({ length: 4_000 }, (_, i) => `echo "a$(b ${i})" 'c' && `).join('') + 'true';
    assert.equal(allCommands(parseCommandLine(line).list).length, 8_001);
  });
});
