// Specifies workers' personal data: unmasked only for those who need it, every such read in the audit
// log with its purpose, and erasure on request once no wage is owed, the payment records staying.
import { beforeAll, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';

describeEachEngine('personal data', ({ handle }) => {
  let hado: TestApp;
  let workerOfTile: string;
  let workerOfInterior: string;
  beforeAll(async () => {
    hado = await createTestApp(handle());
    const workers = (await hado.admin().get('/api/v1/contracts/1/workers?limit=200')).json().items as {
      workerId: string;
      workerName: string;
    }[];
    workerOfTile = workers.find((worker) => worker.workerName === '이상철')!.workerId;
    workerOfInterior = workers.find((worker) => worker.workerName === '강태식')!.workerId;
  }, 120_000);

  test('the employer reads the full number, and the read is logged with its purpose', async () => {
    const tile = await hado.as('sub-tile');
    const response = await tile.get(
      `/api/v1/workers/${workerOfTile}/personal-data?purpose=${encodeURIComponent('임금 지급 확인')}`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().phone).toMatch(/^010-\d{4}-\d{4}$/);
    expect(response.json().accounts[0].accountNumber).toMatch(/^\d{10,16}$/);
    const logged = await handle()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'personal_data.read')
      .where('entity_id', '=', workerOfTile)
      .execute();
    expect(logged.at(-1)).toMatchObject({ actor: 'user:sub-tile', after: { purpose: '임금 지급 확인' } });
  });

  test('another subcontractor cannot read a worker it does not employ', async () => {
    const tile = await hado.as('sub-tile');
    expect((await tile.get(`/api/v1/workers/${workerOfInterior}/personal-data?purpose=curious`)).statusCode).toBe(404);
  });

  test('a read without a stated purpose is refused', async () => {
    const tile = await hado.as('sub-tile');
    expect((await tile.get(`/api/v1/workers/${workerOfTile}/personal-data`)).statusCode).toBe(400);
  });

  test('erasure removes name and phone, keeps the worker row and its records', async () => {
    const official = await hado.as('official');
    const erased = await official.post(`/api/v1/workers/${workerOfInterior}/erasure`, {
      reason: '본인 삭제 요청 (퇴직)',
    });
    expect(erased.statusCode).toBe(200);
    const row = await handle()
      .db.selectFrom('workers')
      .selectAll()
      .where('id', '=', BigInt(workerOfInterior))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: null, phone_e164: null });
    expect(row.erased_at).not.toBeNull();
    const engagement = await handle()
      .db.selectFrom('worker_engagements')
      .select('id')
      .where('worker_id', '=', BigInt(workerOfInterior))
      .execute();
    expect(engagement).toHaveLength(1);
    expect(
      (await official.post(`/api/v1/workers/${workerOfInterior}/erasure`, { reason: '다시 요청' })).statusCode,
    ).toBe(409);
  });
});
