import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { ical, parseComponent } from './ical-module.js';

it('hands back the instance `import` gives (not the package’s separate ES5 build), so instanceof holds across both', () => {
  expect(ical()).toBe(ICAL);
  expect(parseComponent('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n')).toBeInstanceOf(ICAL.Component);
});
