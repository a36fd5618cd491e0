import { describe, expect, it } from 'vitest';
import { parseFastCommand } from './fast-path.js';

describe('the kill switch fast path takes only the command lines it fully understands', () => {
  it.each<[string, string[], object]>([
    ['pause', ['pause'], { command: 'pause', json: false, hard: false }],
    ['resume', ['resume'], { command: 'resume', json: false, hard: false }],
    ['a data folder before the command', ['--data-dir', '/d', 'pause'], { command: 'pause', dataDir: '/d' }],
    ['a data folder after it, inline', ['pause', '--data-dir=/d'], { command: 'pause', dataDir: '/d' }],
    ['--json anywhere', ['pause', '--json'], { command: 'pause', json: true }],
    ['a reason', ['pause', '--reason', 'lunch break'], { command: 'pause', reason: 'lunch break' }],
    ['an inline reason with an equals sign', ['pause', '--reason=a=b'], { command: 'pause', reason: 'a=b' }],
    ['the last reason wins, as in commander', ['pause', '--reason', 'a', '--reason', 'b'], { reason: 'b' }],
    ['--hard', ['--json', 'pause', '--hard', '--reason', 'hung'], { command: 'pause', hard: true, json: true, reason: 'hung' }],
  ])('%s', (_name, argv, expected) => {
    expect(parseFastCommand(argv)).toMatchObject(expected);
  });

  it.each<[string, string[]]>([
    ['another command', ['status']],
    ['no command', ['--json']],
    ['help', ['pause', '--help']],
    ['a short option', ['pause', '-h']],
    ['an unknown option', ['pause', '--reasn', 'x']],
    ['an extra argument', ['pause', 'now']],
    ['two commands', ['pause', 'resume']],
    ['a reason for resume', ['resume', '--reason', 'x']],
    ['a pause option before the command', ['--hard', 'pause']],
    ['an option without its value', ['pause', '--reason']],
    ['a value that looks like an option', ['pause', '--reason', '--json']],
    ['a data folder without its value', ['--data-dir']],
    ['a flag given a value', ['pause', '--json=yes']],
    ['the end of options', ['pause', '--']],
  ])('leaves %s to the full program', (_name, argv) => {
    expect(parseFastCommand(argv)).toBeUndefined();
  });
});
