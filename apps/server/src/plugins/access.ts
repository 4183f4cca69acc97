import { timingSafeEqual } from 'node:crypto';
import type { Permission } from '@qiaoti/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../actor.ts';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { writeAudit } from '../modules/audit/audit.service.ts';
import { buildActor, resolveSession } from '../modules/identity/identity.service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Function-level access: the actor must hold this permission (or, for a list, one of them). */
    permission?: Permission | readonly Permission[];
  }
  interface FastifyRequest {
    /** Set for every non-public API route once the session is checked; use `requireActor(request)`. */
    actor: Actor | null;
    /** The raw session token of this request (for logout and password change). */
    sessionToken: string | null;
    /** The session's CSRF token (GET /api/me hands it to the console). */
    sessionCsrfToken: string | null;
  }
  interface FastifyInstance {
    /** Every route as registered: the security tests walk it (CSRF on every mutating route, the role matrix). */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  isPublic: boolean;
  permission: readonly Permission[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieName(config: Config): string {
  return config.tls ? '__Host-qiaoti' : 'qiaoti';
}

/** HttpOnly, SameSite=Strict, Path=/; behind TLS also Secure with the __Host- prefix (ASVS 3.3.1–3.3.4). */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.tls,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.tls,
  });
}

/** The actor of an authenticated route; throws UNAUTHENTICATED where there is none. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

export function requireSessionToken(request: FastifyRequest): string {
  if (!request.sessionToken) throw new AppError('UNAUTHENTICATED');
  return request.sessionToken;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The server's own origin as the browser sees it (scheme from the proxy when one is trusted). */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === ownOrigin(request);
}

const isPublicRoute = (url: string, isPublic: boolean | undefined) =>
  isPublic === true || !url.startsWith('/api') || url.startsWith('/api/docs');

/**
 * Function-level access control and CSRF, before any body is read (ASVS 8.2.1, 3.5.1):
 *   - API routes are authenticated unless marked `config: { public: true }` (health, login, OpenAPI, docs);
 *     paths outside /api serve the static console and carry no data;
 *   - the session cookie → session (idle and absolute timeouts) → `request.actor`;
 *   - POST/PUT/PATCH/DELETE: an Origin header, when present, must be this server's origin, and authenticated
 *     routes need header `x-csrf-token` equal to the session's token (synchroniser token, timing-safe);
 *   - `config.permission` must be held, else 403 FORBIDDEN, audited as denied.
 */
export function registerAccess(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionCsrfToken', null);
  app.decorate('routeTable', [] as RouteEntry[]);

  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      app.routeTable.push({
        method: String(method),
        url: route.url,
        isPublic: isPublicRoute(route.url, route.config?.public),
        permission:
          permission === undefined ? [] : typeof permission === 'string' ? [permission] : [...permission],
      });
    }
  });

  const audit = async (
    request: FastifyRequest,
    actor: Actor,
    event: 'access.denied' | 'csrf.rejected',
    details: Record<string, unknown>,
  ) => {
    await writeAudit(ctx.database.db, {
      at: ctx.clock(),
      event,
      outcome: 'denied',
      actorId: actor.accountId,
      actorUsername: actor.username,
      actorRoles: actor.roles,
      organisationId: actor.organisationId,
      ip: actor.ip,
      requestId: actor.requestId,
      objectType: 'route',
      objectId: `${request.method} ${request.routeOptions.url ?? ''}`,
      details,
    });
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const url = request.routeOptions.url ?? '';
    const config = request.routeOptions.config;
    const mutating = !SAFE_METHODS.has(request.method);
    if (mutating && !originAllowed(request)) throw new AppError('CSRF_INVALID');
    if (isPublicRoute(url, config.public)) return;

    const token = request.cookies[sessionCookieName(ctx.config)];
    if (!token) throw new AppError('UNAUTHENTICATED');
    const deps = { db: ctx.database.db, pii: ctx.pii, config: ctx.config, now: ctx.clock() };
    const lookup = await resolveSession(deps, token);
    if (lookup.status !== 'ok') {
      clearSessionCookie(reply, ctx.config);
      throw new AppError(lookup.status === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    }
    const actor = buildActor(lookup.found, { ip: request.ip, requestId: request.id });
    request.actor = actor;
    request.sessionToken = token;
    request.sessionCsrfToken = lookup.found.session.csrfToken;

    if (mutating) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !sameToken(given, lookup.found.session.csrfToken)) {
        await audit(request, actor, 'csrf.rejected', {
          reason: typeof given === 'string' ? 'mismatch' : 'missing',
        });
        throw new AppError('CSRF_INVALID');
      }
    }

    const needed = config.permission;
    if (needed !== undefined) {
      const anyOf: readonly Permission[] = typeof needed === 'string' ? [needed] : needed;
      if (!anyOf.some((p) => actor.permissions.has(p))) {
        await audit(request, actor, 'access.denied', { needed: [...anyOf] });
        throw new AppError('FORBIDDEN');
      }
    }
  });
}
