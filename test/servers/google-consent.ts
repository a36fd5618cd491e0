// The browser's part of a Google sign-in against the emulator, for tests: open the authorization
// URL, pick the account on the emulator's consent page (0.4.1 shows one form per user, whose
// hidden fields carry the request on, see its /o/oauth2/v2/auth route), submit it, and follow
// Google's redirect to the app's loopback address as the browser would.
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };

export interface ConsentResult {
  /** Where Google sent the browser back to (redirect_uri with code and state). */
  readonly redirectedTo: string;
  /** What the app's loopback listener showed the browser. */
  readonly landing: { readonly status: number; readonly text: string };
}

export async function consentAs(authorizationUrl: string, email: string): Promise<ConsentResult> {
  const consentPage = await fetch(authorizationUrl);
  const html = await consentPage.text();
  if (!consentPage.ok) throw new Error(`The emulator's consent page answered ${consentPage.status}: ${html.slice(0, 300)}`);
  const form = html
    .split('<form')
    .slice(1)
    .find((candidate) => hiddenFields(candidate).get('email') === email);
  if (!form) throw new Error(`The consent page offers no account ${email}. Was the user created with createGmailUser?`);
  const action = /action="([^"]*)"/.exec(form)?.[1];
  if (!action) throw new Error('The consent form has no action.');

  const submitted = await fetch(new URL(decode(action), authorizationUrl), {
    method: 'POST',
    body: new URLSearchParams([...hiddenFields(form)]),
    redirect: 'manual',
  });
  const redirectedTo = submitted.headers.get('location');
  if (submitted.status !== 302 || !redirectedTo) throw new Error(`The consent form answered ${submitted.status} without a redirect.`);
  const landing = await fetch(redirectedTo);
  return { redirectedTo, landing: { status: landing.status, text: await landing.text() } };
}

/** Goes straight back to the app as Google does when the user presses Cancel on the consent screen. */
export async function denyConsent(authorizationUrl: string): Promise<ConsentResult> {
  const request = new URL(authorizationUrl).searchParams;
  const back = new URL(request.get('redirect_uri') ?? '');
  back.searchParams.set('error', 'access_denied');
  back.searchParams.set('state', request.get('state') ?? '');
  const landing = await fetch(back);
  return { redirectedTo: back.toString(), landing: { status: landing.status, text: await landing.text() } };
}

function hiddenFields(form: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const match of form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g)) fields.set(decode(match[1] ?? ''), decode(match[2] ?? ''));
  return fields;
}

function decode(value: string): string {
  return value.replace(/&(amp|quot|#39|lt|gt);/g, (entity) => HTML_ENTITIES[entity] ?? entity);
}
