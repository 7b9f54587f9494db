// A real OpenID Connect provider for the sign-in tests (node-oidc-provider), on 127.0.0.1 and a free
// port. It prints one line of JSON, {"issuer": ...}, once it listens. Clients register themselves
// (dynamic registration), as the tests do with their own callback address.
//
// Its people are in ACCOUNTS; any of them signs in on its one page with the password "password",
// ticking "second factor" to have `amr` say "mfa". POST /__test__/next-id-token makes the next ID token
// it issues bad in one way (another issuer, audience, expiry, or signing key), as a provider that is
// misconfigured, or an attacker in between, would send: the site must refuse each.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';

const ACCOUNTS = {
  'new.starter': {
    sub: 'a1b2c3d4-0001', email: 'new.starter@northshire-icb.nhs.example', email_verified: true,
    name: 'Robin Ashdown', given_name: 'Robin', family_name: 'Ashdown', groups: [],
  },
  'known.lead': {
    sub: 'a1b2c3d4-0002', email: 'known.lead@northshire-icb.nhs.example', email_verified: true,
    name: 'Priya Castell', given_name: 'Priya', family_name: 'Castell', groups: [],
  },
  'hsg.secretary': {
    sub: 'a1b2c3d4-0003', email: 'hsg.secretary@northshire-icb.nhs.example', email_verified: true,
    name: 'Morgan Fell', given_name: 'Morgan', family_name: 'Fell', groups: ['grp-hsg-secretaries', 'grp-all-staff'],
  },
  'unverified.email': {
    sub: 'a1b2c3d4-0004', email: 'known.lead@northshire-icb.nhs.example', email_verified: false,
    name: 'Someone Else', groups: [],
  },
};

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function signingKey(kid) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

const server = createServer();
server.listen(0, '127.0.0.1', async () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const key = await signingKey('test-key');
  const foreignKey = await signingKey('test-key'); // the same key id, another key: a forged signature
  let nextIdToken = null;

  const provider = new Provider(issuer, {
    jwks: { keys: [key] },
    clients: [],
    cookies: { keys: [randomUUID()] },
    findAccount: async (ctx, sub) => {
      const account = Object.values(ACCOUNTS).find((a) => a.sub === sub);
      return account && { accountId: sub, claims: async () => ({ ...account }) };
    },
    claims: {
      openid: ['sub', 'amr'], // how the person signed in, in every ID token (Entra ID's v1.0 tokens carry it)
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'groups'],
    },
    conformIdTokenClaims: false, // the profile claims in the ID token, as Entra ID sends them
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = `<!doctype html><title>Sign out</title><h1>Sign out of the test provider?</h1>${form}
            <button form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`;
        },
      },
    },
    pkce: { required: () => true },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
  });

  const page = (uid, error = '') => `<!doctype html><html lang="en"><title>Test provider: sign in</title>
    <h1>Sign in to the test organisation</h1>${error && `<p role="alert">${escape(error)}</p>`}
    <form method="post" action="/interaction/${escape(uid)}/login">
      <label for="username">Username</label><input id="username" name="username">
      <label for="password">Password</label><input id="password" name="password" type="password">
      <label><input type="checkbox" name="mfa" value="1"> Second factor</label>
      <button type="submit">Sign in</button>
    </form></html>`;

  provider.use(async (ctx, next) => {
    const interaction = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (ctx.path === '/__test__/next-id-token' && ctx.method === 'POST') {
      nextIdToken = JSON.parse(await readBody(ctx.req));
      ctx.status = 204;
      return;
    }
    if (interaction && ctx.method === 'GET') {
      await provider.interactionDetails(ctx.req, ctx.res);
      ctx.type = 'html';
      ctx.body = page(interaction[1]);
      return;
    }
    if (interaction && interaction[2] && ctx.method === 'POST') {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const form = new URLSearchParams(await readBody(ctx.req));
      const account = ACCOUNTS[form.get('username')];
      if (!account || form.get('password') !== 'password') {
        ctx.type = 'html';
        ctx.body = page(interaction[1], 'Wrong username or password');
        return;
      }
      const grant = new provider.Grant({ accountId: account.sub, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const result = {
        login: { accountId: account.sub, amr: form.get('mfa') ? ['pwd', 'mfa'] : ['pwd'] },
        consent: { grantId: await grant.save() },
      };
      ctx.status = 303;
      ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
      return;
    }
    await next();
    // A bad ID token, when a test asked for one: the claims changed, signed again (or with another key).
    if (ctx.path === '/token' && ctx.status === 200 && nextIdToken && ctx.body?.id_token) {
      const change = nextIdToken;
      nextIdToken = null;
      const claims = { ...decodeJwt(ctx.body.id_token), ...(change.claims || {}) };
      const signWith = await importJWK(change.foreign_key ? foreignKey : key, 'RS256');
      ctx.body = {
        ...ctx.body,
        id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(signWith),
      };
    }
  });

  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
