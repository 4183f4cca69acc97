import {
  ZAddHouseholdMemberRequest,
  ZAddPersonFactRequest,
  ZCreateHouseholdRequest,
  ZCreateOrganisationRequest,
  ZCreatePersonRequest,
  ZHouseholdDetail,
  ZHouseholdMemberParams,
  ZHouseholdSearchRequest,
  ZHouseholdSearchResponse,
  ZIdParams,
  ZMobilityEventList,
  ZOrganisation,
  ZOrganisationList,
  ZOrganisationListQuery,
  ZPersonDetail,
  ZPersonFact,
  ZPersonSearchRequest,
  ZPersonSearchResponse,
  ZPlaceList,
  ZPlacesQuery,
  ZRevealRequest,
  ZRevealResponse,
  ZUpdateHouseholdRequest,
  ZUpdatePersonRequest,
} from '@qiaoti/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../plugins/access.ts';
import { addPersonFact } from './facts.service.ts';
import {
  addHouseholdMember,
  createHousehold,
  getHousehold,
  removeHouseholdMember,
  searchHouseholds,
  updateHousehold,
} from './households.service.ts';
import { createOrganisation, listOrganisations } from './organisations.service.ts';
import {
  createPerson,
  getPerson,
  listPersonMobilityEvents,
  revealPersonField,
  searchPersons,
  updatePerson,
} from './persons.service.ts';
import { listPlaces } from './places.service.ts';
import { registryDeps } from './registry-deps.ts';

/**
 * Registry API (thin: validate with the contract, call one service, return its shape). Function-level permission
 * is on each route (`config.permission`, checked by the access plugin); data-level scope is in the services.
 * Personal-data responses are `no-store`; ID numbers only travel in bodies (search is POST).
 */
export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = registryDeps(app.ctx);
  const tags = ['registry'];

  app.addHook('onSend', async (request, reply) => {
    if (
      request.routeOptions.url?.startsWith('/api/persons') ||
      request.routeOptions.url?.startsWith('/api/households')
    )
      reply.header('cache-control', 'no-store');
  });

  // ── Persons ──
  app.post(
    '/api/persons/search',
    {
      config: { permission: 'registry.person.read' },
      schema: {
        tags,
        summary: '查询人员（身份证号、手机号，或村内姓名）',
        body: ZPersonSearchRequest,
        response: { 200: ZPersonSearchResponse },
      },
    },
    async (request) => searchPersons(deps, requireActor(request), request.body),
  );

  app.get(
    '/api/persons/:id',
    {
      config: { permission: ['registry.person.read', 'self.read'] },
      schema: { tags, summary: '人员详情', params: ZIdParams, response: { 200: ZPersonDetail } },
    },
    async (request) => getPerson(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/persons',
    {
      config: { permission: 'registry.person.write' },
      schema: {
        tags,
        summary: '登记人员（出生日期和性别由身份证号得出）',
        body: ZCreatePersonRequest,
        response: { 201: ZPersonDetail },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPerson(deps, requireActor(request), request.body)),
  );

  app.patch(
    '/api/persons/:id',
    {
      config: { permission: 'registry.person.write' },
      schema: {
        tags,
        summary: '修改人员信息（带版本号，防止覆盖他人修改）',
        params: ZIdParams,
        body: ZUpdatePersonRequest,
        response: { 200: ZPersonDetail },
      },
    },
    async (request) => updatePerson(deps, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/persons/:id/reveal',
    {
      config: { permission: 'registry.person.reveal' },
      schema: {
        tags,
        summary: '查看完整身份证号或手机号（须说明用途，记入审计）',
        params: ZIdParams,
        body: ZRevealRequest,
        response: { 200: ZRevealResponse },
      },
    },
    async (request) => revealPersonField(deps, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/persons/:id/mobility-events',
    {
      config: { permission: ['registry.person.read', 'self.read'] },
      schema: { tags, summary: '人员流动记录', params: ZIdParams, response: { 200: ZMobilityEventList } },
    },
    async (request) => listPersonMobilityEvents(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/persons/:id/facts',
    {
      config: { permission: 'registry.person.write' },
      schema: {
        tags,
        summary: '登记带日期的事实（就业状态、单位、职业、收入、学历）',
        params: ZIdParams,
        body: ZAddPersonFactRequest,
        response: { 201: ZPersonFact },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addPersonFact(deps, requireActor(request), request.params.id, request.body)),
  );

  // ── Households ──
  app.post(
    '/api/households/search',
    {
      config: { permission: 'registry.household.read' },
      schema: {
        tags,
        summary: '查询家庭户（户号或成员身份证号）',
        body: ZHouseholdSearchRequest,
        response: { 200: ZHouseholdSearchResponse },
      },
    },
    async (request) => searchHouseholds(deps, requireActor(request), request.body),
  );

  app.get(
    '/api/households/:id',
    {
      config: { permission: 'registry.household.read' },
      schema: { tags, summary: '家庭户详情', params: ZIdParams, response: { 200: ZHouseholdDetail } },
    },
    async (request) => getHousehold(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/households',
    {
      config: { permission: 'registry.household.write' },
      schema: {
        tags,
        summary: '登记家庭户及其成员（一次完成，不会只登记一半）',
        body: ZCreateHouseholdRequest,
        response: { 201: ZHouseholdDetail },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createHousehold(deps, requireActor(request), request.body)),
  );

  app.patch(
    '/api/households/:id',
    {
      config: { permission: 'registry.household.write' },
      schema: {
        tags,
        summary: '修改家庭户（地址、户号、变更户主）',
        params: ZIdParams,
        body: ZUpdateHouseholdRequest,
        response: { 200: ZHouseholdDetail },
      },
    },
    async (request) => updateHousehold(deps, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/households/:id/members',
    {
      config: { permission: 'registry.household.write' },
      schema: {
        tags,
        summary: '家庭户迁入成员',
        params: ZIdParams,
        body: ZAddHouseholdMemberRequest,
        response: { 200: ZHouseholdDetail },
      },
    },
    async (request) => addHouseholdMember(deps, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/api/households/:id/members/:personId',
    {
      config: { permission: 'registry.household.write' },
      schema: {
        tags,
        summary: '家庭户迁出成员（保留历史）',
        params: ZHouseholdMemberParams,
        response: { 200: ZHouseholdDetail },
      },
    },
    async (request) =>
      removeHouseholdMember(deps, requireActor(request), request.params.id, request.params.personId),
  );

  // ── Organisations ──
  app.get(
    '/api/organisations',
    {
      config: { permission: 'registry.organisation.read' },
      schema: {
        tags,
        summary: '查询单位（部门、乡镇、用人单位）',
        querystring: ZOrganisationListQuery,
        response: { 200: ZOrganisationList },
      },
    },
    async (request) => listOrganisations(deps, requireActor(request), request.query),
  );

  app.post(
    '/api/organisations',
    {
      config: { permission: 'registry.organisation.write' },
      schema: {
        tags,
        summary: '登记用人单位（统一社会信用代码）',
        body: ZCreateOrganisationRequest,
        response: { 201: ZOrganisation },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOrganisation(deps, requireActor(request), request.body)),
  );

  // ── Places ──
  app.get(
    '/api/places',
    {
      schema: {
        tags,
        summary: '行政区划（parent=410122 得乡镇，parent=乡镇代码 得村/社区）',
        querystring: ZPlacesQuery,
        response: { 200: ZPlaceList },
      },
    },
    async (request) => listPlaces(deps, requireActor(request), request.query),
  );
};
