/**
 * `steward accounts add <kind> …`: one subcommand per kind of account, each in its own module.
 * A new connector adds a module and a line here.
 */
import type { Command } from 'commander';
import type { CliContext } from '../../context.js';
import { registerAddCaldav } from './add-caldav.js';
import { registerAddGcal, registerAddGmail } from './add-google.js';
import { registerAddImap } from './add-imap.js';

export function registerAddAccountCommands(add: Command, ctx: CliContext): void {
  registerAddImap(add, ctx);
  registerAddGmail(add, ctx);
  registerAddGcal(add, ctx);
  registerAddCaldav(add, ctx);
}
