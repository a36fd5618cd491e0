/** Input fields that more than one kind of account uses. */
import { z } from 'zod';

export const hostname = z
  .string()
  .trim()
  .min(1, 'the server name is required')
  .max(253)
  .regex(/^[A-Za-z0-9.:\-[\]]+$/, 'the server name may only hold letters, digits, dots, dashes and colons');

export const port = z.number().int().min(1).max(65535);

export const email = z.email('enter an email address like alice@example.com');

export const displayName = z.string().trim().max(200).optional();

export const password = z.string().min(1, 'the password is required').max(4096);
