// A real OpenID Connect provider (panva/oidc-provider, OpenID Certified) for Basisbaan's
// single sign-on tests. Started by tests/oidc/conftest.py:
//
//   node provider.mjs PORT REDIRECT_URI[,REDIRECT_URI...]
//
// Two clients: "basisbaan" (the application under test) and "another-app" (a second
// application at the same provider, whose tokens Basisbaan must refuse). Sign-in is a
// tiny form at /interaction/:uid: the test (or browser) posts the account id and whether
// the person used a second factor; the provider then issues `amr` ["pwd"] or
// ["pwd", "otp", "mfa"]. Consent is granted automatically. Short lifetimes.
//
// Accounts are fixed: every id in ACCOUNTS below. Nothing here is fake towards the
// relying party: codes, tokens, signatures, discovery and userinfo are the library's.

import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

const [port, redirectUris] = process.argv.slice(2);
if (!port || !redirectUris) {
  console.error('usage: node provider.mjs PORT REDIRECT_URI[,REDIRECT_URI...]');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const redirect_uris = redirectUris.split(',');

const ACCOUNTS = {
  // A staff member the tests link to a Basisbaan account (by oidc_subject or e-mail).
  'med-0001': {
    email: 'sso.medewerker@gemeente.example', email_verified: true, name: 'Sanne Medewerker',
    groups: ['basisbaan-beheerders', 'Domain Admins'], roles: ['admin', 'superuser'],
  },
  // A person of the municipality without an account in Basisbaan.
  'nieuw-0002': {
    email: 'nieuw@gemeente.example', email_verified: true, name: 'Niels Nieuw',
    groups: ['basisbaan-beheerders'], roles: ['admin'],
  },
  // An address the provider has not verified: never used to link an account.
  'onbevestigd-0003': {
    email: 'sso.medewerker@gemeente.example', email_verified: false, name: 'Onbevestigd',
    groups: [], roles: [],
  },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };

const configuration = {
  clients: [
    {
      client_id: 'basisbaan',
      client_secret: 'basisbaan-test-secret',
      redirect_uris,
      post_logout_redirect_uris: redirect_uris.map((uri) => new URL('/', uri).href),
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
    {
      client_id: 'another-app',
      client_secret: 'another-app-test-secret',
      redirect_uris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['basisbaan-oidc-test-cookie-key'] },
  claims: {
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups', 'roles'],
    acr: null,
    amr: null,
    auth_time: null,
    sid: null,
    iss: null,
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  acrValues: ['urn:basisbaan:test:pwd', 'urn:basisbaan:test:mfa'],
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  ttl: {
    AuthorizationCode: 60,
    IdToken: 120,
    AccessToken: 120,
    Interaction: 300,
    Session: 600,
    Grant: 600,
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
};

const provider = new Provider(issuer, configuration);

const page = (uid) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Test identity provider</title></head><body><main>
<h1>Test identity provider: sign in</h1>
<form method="post" action="/interaction/${uid}">
<label for="login">Account</label> <input id="login" name="login" autocomplete="off">
<label><input type="checkbox" name="mfa" value="1"> with a second factor</label>
<button type="submit">Sign in</button>
</form></main></body></html>`;

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== match[1]) ctx.throw(400, 'wrong interaction');
  const { prompt, params } = details;
  if (ctx.method === 'GET' && prompt.name === 'login') {
    ctx.type = 'html';
    ctx.body = page(details.uid);
    return undefined;
  }
  let accountId = details.session?.accountId;
  const result = {};
  if (prompt.name === 'login') {
    if (ctx.method !== 'POST') ctx.throw(405);
    const form = await readForm(ctx.req);
    accountId = form.get('login');
    if (!ACCOUNTS[accountId]) ctx.throw(400, 'unknown account');
    const mfa = form.get('mfa') === '1';
    result.login = {
      accountId,
      amr: mfa ? ['pwd', 'otp', 'mfa'] : ['pwd'],
      acr: mfa ? 'urn:basisbaan:test:mfa' : 'urn:basisbaan:test:pwd',
    };
  }
  // Consent is implied: grant what the client asked for.
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope));
  if (params.claims) {
    const requested = JSON.parse(String(params.claims));
    grant.addOIDCClaims(Object.keys({ ...requested.id_token, ...requested.userinfo }));
  }
  result.consent = { grantId: await grant.save() };
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  return undefined;
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
