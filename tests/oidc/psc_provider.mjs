// A test OpenID provider configured like Pro Santé Connect, for the e-CPS tests.
//
// It is oidc-provider (a certified OpenID Connect implementation) with the settings
// and quirks of PSC (shared/reference/cards.md, section Pro Santé Connect):
// - discovery also served at the non-standard /.well-known/wallet-openid-configuration;
// - scopes `openid scope_all`, acr `eidas1` only;
// - the practitioner's claims (SubjectNameID = idNatPs, given_name, family_name,
//   SubjectRefPro.exercices[], SubjectOrganization, SubjectRole) come from userinfo,
//   the id_token carrying only the protocol claims, as PSC's own broker reads them;
// - a native ("client lourd") client: confidential, PKCE required, loopback redirect
//   on any port (RFC 8252 §7.3, which oidc-provider applies to native clients);
// - CIBA in poll mode with login_hint = the idNatPs, answering with an `interval`.
//
// Nothing here is a production setting: the signing keys are drawn at start and live
// in memory only, accounts are fixed test practitioners, and the routes under /test/
// let a test play the practitioner's phone (approve or deny a CIBA request) and sign a
// token of its choosing with the provider's own key, to check what a client refuses.
//
// Usage: node psc_provider.mjs [--port N] [--no-ciba] [--ciba-interval S]
// Once listening it prints ONE line on standard output: {"issuer": "http://127.0.0.1:P"}.
// It stops on SIGTERM or SIGINT, or when its standard input closes (no orphan when the
// test runner dies).

import { generateKeyPairSync, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider, { errors } from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'no-ciba': { type: 'boolean', default: false },
    'ciba-interval': { type: 'string', default: '1' },
  },
});

const CLIENT_SECRET = 'cabinet-test-secret-not-a-real-one';
const CIBA_INTERVAL_S = Number(args['ciba-interval']);

// Test practitioners, keyed by idNatPs ("8" + RPPS). `sub` differs from the idNatPs on
// purpose: a client that took `sub` for the practitioner would be caught.
const ACCOUNTS = new Map([
  ['810001234567', {
    sub: 'psc-0b8f3c1e-810001234567',
    given_name: 'Claire',
    family_name: 'MARTIN',
    codeProfession: '10', // médecin
  }],
  ['810009876543', {
    sub: 'psc-5d2a9e77-810009876543',
    given_name: 'Paul',
    family_name: 'DURAND',
    codeProfession: '60', // infirmier
  }],
]);

function accountClaims(idNatPs) {
  const account = ACCOUNTS.get(idNatPs);
  return {
    sub: account.sub,
    SubjectNameID: idNatPs,
    given_name: account.given_name,
    family_name: account.family_name,
    SubjectRole: [`${account.codeProfession}^1.2.250.1.213.1.1.5.5`],
    SubjectOrganization: 'CABINET MEDICAL DE TEST',
    SubjectRefPro: {
      codeCivilite: 'DR',
      exercices: [{
        codeProfession: account.codeProfession,
        codeCategorieProfessionnelle: 'C',
        codeCiviliteDexercice: 'DR',
        nomDexercice: account.family_name,
        prenomDexercice: account.given_name,
        activities: [{
          codeModeExercice: 'L',
          raisonSocialeSite: 'CABINET MEDICAL DE TEST',
          codeCommuneCoordStructure: '75056',
        }],
      }],
    },
  };
}

function idNatPsOfSub(sub) {
  for (const [idNatPs, account] of ACCOUNTS) {
    if (account.sub === sub) return idNatPs;
  }
  return undefined;
}

// Two RSA keys, both published: the provider signs with the first, and /test/sign can
// use the second, so a client must pick the key by `kid`.
function signingKey(kid) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}
const KEYS = [signingKey('psc-test-key-1'), signingKey('psc-test-key-2')];

// CIBA requests waiting for the practitioner's answer, by auth_req_id; each with the
// instants its token was polled, so a test can check the client's pace.
const pendingCiba = new Map();
let slowDownsLeft = 0;

const configuration = {
  clients: [
    {
      client_id: 'cabinet-workstation',
      client_secret: CLIENT_SECRET,
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/callback'],
      response_types: ['code'],
      grant_types: args['no-ciba']
        ? ['authorization_code']
        : ['authorization_code', 'urn:openid:params:grant-type:ciba'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...(args['no-ciba'] ? {} : { backchannel_token_delivery_mode: 'poll' }),
    },
    {
      // The same software registered for signed userinfo (PSC may answer it as a JWT).
      client_id: 'cabinet-workstation-jwt',
      client_secret: CLIENT_SECRET,
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/callback'],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
      userinfo_signed_response_alg: 'RS256',
    },
    {
      // Another relying party of the same provider: its tokens are not for Cabinet.
      client_id: 'another-application',
      client_secret: CLIENT_SECRET,
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/callback'],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: KEYS },
  scopes: ['openid', 'scope_all'],
  claims: {
    openid: ['sub'],
    scope_all: [
      'SubjectNameID', 'given_name', 'family_name', 'SubjectRefPro',
      'SubjectOrganization', 'SubjectRole',
    ],
  },
  acrValues: ['eidas1'],
  async findAccount(ctx, sub) {
    const idNatPs = idNatPsOfSub(sub) ?? (ACCOUNTS.has(sub) ? sub : undefined);
    if (idNatPs === undefined) return undefined;
    return {
      accountId: ACCOUNTS.get(idNatPs).sub,
      async claims() { return accountClaims(idNatPs); },
    };
  },
  pkce: { required: () => true },
  ttl: {
    AccessToken: 120, // PSC: about two minutes
    AuthorizationCode: 60,
    IdToken: 300,
    Interaction: 600,
    Grant: 600,
    Session: 600,
    BackchannelAuthenticationRequest(ctx) {
      const asked = Number(ctx?.oidc?.params?.requested_expiry);
      return Number.isFinite(asked) && asked > 0 ? Math.min(600, asked) : 300;
    },
  },
  cookies: { keys: ['cabinet-test-cookie-key-not-secret'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    userinfo: { enabled: true },
    jwtUserinfo: { enabled: true },
    ciba: {
      enabled: !args['no-ciba'],
      deliveryModes: ['poll'],
      async processLoginHint(ctx, loginHint) {
        const account = ACCOUNTS.get(loginHint);
        if (account === undefined) throw new errors.UnknownUserId('unknown practitioner');
        return account.sub;
      },
      async verifyUserCode() {},
      async validateRequestContext() {},
      async triggerAuthenticationDevice(ctx, request) {
        // The response body is already set: its expires_in is this request's lifetime.
        const expiresAt = Date.now() / 1000 + Number(ctx.body.expires_in);
        pendingCiba.set(request.jti, { request, polls: [], expiresAt, answered: false });
      },
    },
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!doctype html><title>Erreur</title><p id="error">${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`;
  },
};

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function b64url(data) {
  return Buffer.from(data).toString('base64url');
}

// A compact JWS over `claims`, signed RS256 by the provider's key named `kid`. A `kid`
// the provider does not publish is put in the header as asked, over a signature by its
// first key: a token from a key a client cannot find.
function signWithProviderKey(claims, kid) {
  const jwk = KEYS.find((k) => k.kid === kid) ?? KEYS[0];
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: kid ?? jwk.kid }));
  const payload = b64url(JSON.stringify(claims));
  const input = `${header}.${payload}`;
  const signature = cryptoSign('sha256', Buffer.from(input), createPrivateKey({ key: jwk, format: 'jwk' }));
  return `${input}.${b64url(signature)}`;
}


function loginPage(uid, error) {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Pro Santé Connect (test)</title></head>
<body>
<h1>Connexion e-CPS (fournisseur de test)</h1>
${error ? `<p id="error">${escapeHtml(error)}</p>` : ''}
<form id="login" method="post" action="/interaction/${uid}/login">
  <label>Identifiant national <input name="login" autocomplete="off"></label>
  <button type="submit">Valider dans l'application e-CPS</button>
</form>
<form id="abort" method="post" action="/interaction/${uid}/abort">
  <button type="submit">Annuler</button>
</form>
</body></html>`;
}

async function grantFor(accountId, clientId, scope) {
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(scope);
  return grant.save();
}

async function providerRoutes(ctx, next) {
  // PSC serves its discovery document at a non-standard path.
  if (ctx.path === '/.well-known/wallet-openid-configuration') {
    ctx.path = '/.well-known/openid-configuration';
  }

  const interaction = ctx.path.match(/^\/interaction\/([^/]+)(\/login|\/abort)?$/);
  if (interaction) {
    const [, uid, action] = interaction;
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');
    if (ctx.method === 'GET' && !action) {
      ctx.type = 'html';
      ctx.body = loginPage(uid);
      return;
    }
    if (ctx.method === 'POST' && action === '/abort') {
      await readBody(ctx);
      ctx.respond = false;
      await provider.interactionFinished(ctx.req, ctx.res, {
        error: 'access_denied', error_description: 'the practitioner cancelled',
      }, { mergeWithLastSubmission: false });
      return;
    }
    if (ctx.method === 'POST' && action === '/login') {
      const login = new URLSearchParams(await readBody(ctx)).get('login') ?? '';
      const account = ACCOUNTS.get(login.trim());
      if (account === undefined) {
        ctx.type = 'html';
        ctx.body = loginPage(uid, 'Identifiant inconnu');
        return;
      }
      const grantId = await grantFor(account.sub, details.params.client_id, details.params.scope);
      ctx.respond = false;
      await provider.interactionFinished(ctx.req, ctx.res, {
        login: { accountId: account.sub, acr: 'eidas1', amr: ['mfa'] },
        consent: { grantId },
      }, { mergeWithLastSubmission: false });
      return;
    }
    ctx.throw(405);
  }

  if (ctx.path.startsWith('/test/')) {
    await testRoute(ctx);
    return;
  }

  await next();

  if (ctx.path === '/token' && ctx.method === 'POST') afterCibaPoll(ctx);

  if (ctx.path === '/backchannel' && ctx.status === 200 && ctx.body?.auth_req_id) {
    // oidc-provider leaves `interval` out (the client then waits 5 s, CIBA §7.3);
    // PSC's Keycloak sends one.
    ctx.body = { ...ctx.body, interval: CIBA_INTERVAL_S };
  }
}

// Records each CIBA poll, and turns authorization_pending into slow_down when the test
// asked for it (oidc-provider itself never sends slow_down; Keycloak does).
function afterCibaPoll(ctx) {
  const params = ctx.oidc?.params;
  if (params?.grant_type !== 'urn:openid:params:grant-type:ciba') return;
  const pending = pendingCiba.get(params.auth_req_id);
  if (!pending) return;
  pending.polls.push(Date.now() / 1000);
  if (slowDownsLeft > 0 && ctx.status === 400 && ctx.body?.error === 'authorization_pending') {
    slowDownsLeft -= 1;
    ctx.body = { error: 'slow_down', error_description: 'you are polling too quickly' };
  }
}

async function testRoute(ctx) {
  const body = ctx.method === 'POST' ? JSON.parse((await readBody(ctx)) || '{}') : {};
  ctx.set('Cache-Control', 'no-store');
  switch (`${ctx.method} ${ctx.path}`) {
    case 'GET /test/ciba/pending':
      ctx.body = [...pendingCiba.entries()].map(([id, entry]) => ({
        auth_req_id: id,
        account: idNatPsOfSub(entry.request.accountId),
        binding_message: entry.request.params.binding_message ?? null,
        answered: entry.answered,
        expired: entry.expiresAt <= Date.now() / 1000,
        polls: entry.polls,
      }));
      return;
    case 'POST /test/ciba/approve':
    case 'POST /test/ciba/deny': {
      const pending = pendingCiba.get(body.auth_req_id);
      if (!pending) ctx.throw(404, 'no such CIBA request');
      const { request } = pending;
      pending.answered = true;
      if (ctx.path.endsWith('approve')) {
        const grantId = await grantFor(request.accountId, request.clientId, request.scope);
        await provider.backchannelResult(request, grantId, {
          acr: 'eidas1', amr: ['mfa'], authTime: Math.floor(Date.now() / 1000),
        });
      } else {
        await provider.backchannelResult(
          request, new errors.AccessDenied('the practitioner refused on their phone'),
        );
      }
      ctx.body = { ok: true };
      return;
    }
    case 'POST /test/ciba/slow-down':
      slowDownsLeft = Number(body.times ?? 1);
      ctx.body = { ok: true };
      return;
    case 'POST /test/sign':
      ctx.body = { jwt: signWithProviderKey(body.claims, body.kid) };
      return;
    default:
      ctx.throw(404);
  }
}

// The issuer must name the real port, known only once listening: listen first, then
// build the provider and hand it the requests.
let provider;
const server = createServer();
server.listen(Number(args.port), '127.0.0.1', () => {
  const { port } = server.address();
  provider = new Provider(`http://127.0.0.1:${port}`, configuration);
  provider.use(providerRoutes);
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer: provider.issuer })}\n`);
});

function stop() {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
