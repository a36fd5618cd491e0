/**
 * The `steward` command. Every command takes --data-dir and --json; with --json it prints JSON
 * only (objects in lists carry an id). Errors go to stderr in words, with a non-zero exit.
 * Each group of commands lives in commands/; this file only assembles them.
 */
import { Command, Option } from 'commander';
import { defaultDataDir } from '../engine/paths.js';
import { registerAccountCommands } from './commands/accounts.js';
import { registerAgentCommands } from './commands/agent.js';
import { registerConfigCommands } from './commands/config.js';
import { registerEventsCommand } from './commands/events.js';
import { registerEngineStateCommands } from './commands/engine-state.js';
import { registerFolderCommands } from './commands/folders.js';
import { registerGrantCommands } from './commands/grants.js';
import { registerHostCommand } from './commands/host.js';
import { registerLedgerCommand } from './commands/ledger.js';
import { registerRuleCommands } from './commands/rules.js';
import { registerSuggestionCommands } from './commands/suggestions.js';
import { createCliContext, type GlobalOptions } from './context.js';
import { defaultIo, reportError, type CliIo } from './output.js';

export function buildProgram(io: CliIo = defaultIo): Command {
  const program = new Command('steward')
    .description('Steward: watches your mail, proposes actions, and never acts without your yes.')
    .addOption(new Option('--data-dir <dir>', 'data folder').default(defaultDataDir(), 'the OS app-data folder'))
    .option('--json', 'print JSON only', false)
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const ctx = createCliContext(io, () => program.opts<GlobalOptions>());
  registerHostCommand(program, ctx);
  registerEngineStateCommands(program, ctx);
  registerAccountCommands(program, ctx);
  registerFolderCommands(program, ctx);
  registerSuggestionCommands(program, ctx);
  registerEventsCommand(program, ctx);
  registerLedgerCommand(program, ctx);
  registerGrantCommands(program, ctx);
  registerRuleCommands(program, ctx);
  registerConfigCommands(program, ctx);
  registerAgentCommands(program, ctx);
  return program;
}

/** Runs the CLI; resolves to the exit code. */
export async function runCli(argv: readonly string[], io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  program.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    return reportError(error, program.opts<GlobalOptions>().json, io);
  }
}
