// Specifies the public summary: aggregates of the demo world for anyone, signed in or not, and nothing
// that names or reaches a person.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { demoPrime, demoSubcontractors, demoSuppliers, demoTier2, demoWorkers } from '../demo/demo-people.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';

describeEachEngine('GET /api/v1/public/summary', ({ handle }) => {
  let hado: TestApp;

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: true });
  }, 120_000);

  afterAll(async () => {
    await hado?.close();
  });

  test('anyone without a session gets the totals of the demo world', async () => {
    const response = await hado.anonymous().get('/api/v1/public/summary');
    expect(response.statusCode).toBe(200);
    const summary = response.json();
    expect(summary).toEqual({
      asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      buyers: 1,
      contracts: { count: 1, amountWon: '18400000000' },
      subcontractsByTier: [
        { tier: 1, count: 3, amountWon: String(demoSubcontractors.reduce((sum, sub) => sum + sub.amountWon, 0n)) },
        { tier: 2, count: 1, amountWon: String(demoTier2.amountWon) },
      ],
      supplyContracts: { count: 2, amountWon: String(demoSuppliers.reduce((sum, s) => sum + s.amountWon, 0n)) },
      workers: demoWorkers.length,
    });
  });

  for (const login of ['official', 'prime', 'sub-tile']) {
    test(`a signed-in ${login} gets the same totals`, async () => {
      const client = await hado.as(login);
      const response = await client.get('/api/v1/public/summary');
      expect(response.statusCode).toBe(200);
      expect(response.json().contracts).toEqual({ count: 1, amountWon: '18400000000' });
    });
  }

  test('no name, phone number or account leaves the route', async () => {
    const body = (await hado.anonymous().get('/api/v1/public/summary')).body;
    expect(body).not.toMatch(/\+82|01[016789]-?\d{3,4}-?\d{4}/);
    for (const person of demoWorkers) expect(body).not.toContain(person.name);
    for (const firm of [demoPrime, ...demoSubcontractors, demoTier2, ...demoSuppliers]) {
      expect(body).not.toContain(firm.name);
      expect(body).not.toContain(firm.accountNumber);
      expect(body).not.toContain(firm.representative);
    }
  });
});
