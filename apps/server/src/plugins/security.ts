import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, onSendHookHandler } from 'fastify';

/**
 * Response hardening for every answer, 404 and 500 included (ASVS 3.4, 14.3.2; ZAP 10015/10020/10021):
 * HSTS for a year with subdomains, a CSP that forbids framing and allows what the Ant Design console needs
 * (its CSS-in-JS injects style elements, so styles allow 'unsafe-inline'; scripts never do), nosniff,
 * Referrer-Policy no-referrer, no X-Powered-By, and `cache-control: no-store` on every API answer.
 * Also registers cookie parsing and the rate limiter (used per route: the login route sets its own limit).
 */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyRateLimit, { global: false });

  // Plugins that set their own CSP in their own hooks (the API docs page allows framing by 'self'): a route-level
  // hook runs after theirs.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/docs')) return;
    const own: onSendHookHandler = async (_request, reply, payload) => {
      forbidFraming(reply);
      return payload;
    };
    route.onSend = [...(route.onSend ? [route.onSend].flat() : []), own];
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.removeHeader('x-powered-by');
    // The request id, also in every audit record and error body: what people quote to the help desk.
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api')) reply.header('cache-control', 'no-store');
    forbidFraming(reply);
    return payload;
  });
}

function forbidFraming(reply: FastifyReply): void {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp !== 'string' || csp.includes("frame-ancestors 'none'")) return;
  reply.header(
    'content-security-policy',
    csp.includes('frame-ancestors')
      ? csp.replace(/frame-ancestors[^;]*/, "frame-ancestors 'none'")
      : `${csp.replace(/;?\s*$/, '')}; frame-ancestors 'none'`,
  );
}
