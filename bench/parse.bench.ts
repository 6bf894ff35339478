import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CashManagementEndOfDayReport } from 'iso20022.js';
import { readStatementBatches } from '../src/bank/readers/index.ts';
import { XmlTokenizer } from '../src/bank/readers/xml-tokenizer.ts';
import { xmlAttributesMax, xmlDepthMax, xmlTextBytesMax } from '../src/kernel/limits.ts';
import { type Benchmark, median, round } from './bench-context.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const corpus = resolve(repoRoot, '../shared/corpus/iso20022/camt.053');
/** The corpus camt.053 files iso20022.js can read (it fails on the others); both readers get the same bytes. */
const sharedFiles = [
  'iso20022js__abn_amro__example_camt.xml',
  'iso20022js__goldman_sachs__camt_053_uk_v2_virtual_accounts.xml',
  'iso20022js__goldman_sachs__camt_053_us_v2_sample.xml',
  'iso20022js__ing__example_camt.xml',
  'iso20022js__nordea__example_camt.xml',
  'moov__FI_camt_053_sample.xml.xml',
];

async function oursOnce(buffers: readonly Buffer[]): Promise<number> {
  let movements = 0;
  for (const buffer of buffers) {
    for await (const batch of readStatementBatches(
      (async function* () {
        yield buffer;
      })(),
      { name: 'bench' },
    )) {
      for (const event of batch) if (event.kind === 'movement') movements += 1;
    }
  }
  return movements;
}

function theirsOnce(texts: readonly string[]): number {
  let entries = 0;
  for (const text of texts) {
    for (const statement of CashManagementEndOfDayReport.fromXML(text).statements) entries += statement.entries.length;
  }
  return entries;
}

/**
 * MB/s of two parsers over the same files, median of several timed rounds after a warm-up of `warmUpMs` each
 * (both are JIT-compiled as they run: a few calls leave the comparison to how fast each warms up). Their rounds
 * alternate, so a machine busy with something else slows both alike; the ratio is the median of the rounds'
 * own ratios.
 */
async function throughputs(
  bytes: number,
  rounds: number,
  warmUpMs: number,
  parsers: readonly [() => Promise<unknown> | unknown, () => Promise<unknown> | unknown],
): Promise<{ ours: number; theirs: number; ratio: number }> {
  const timed = async (once: () => Promise<unknown> | unknown, ms: number) => {
    const started = performance.now();
    let repeats = 0;
    while (performance.now() - started < ms) {
      await once();
      repeats += 1;
    }
    return (bytes * repeats) / 1e6 / ((performance.now() - started) / 1000);
  };
  for (const once of parsers) await timed(once, warmUpMs);
  const rates: [number[], number[]] = [[], []];
  for (let r = 0; r < rounds; r += 1) {
    for (const [index, once] of parsers.entries()) rates[index]!.push(await timed(once, 300));
  }
  return {
    ours: median(rates[0]),
    theirs: median(rates[1]),
    ratio: median(rates[0].map((rate, index) => rate / rates[1][index]!)),
  };
}

/** Writes a camt.053 of about `targetBytes` with one statement and many entries, streaming. */
export async function generateCamt053(path: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>' +
      '<GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2026-03-10T18:00:00+09:00</CreDtTm></GrpHdr>' +
      '<Stmt><Id>BENCH-STMT-1</Id><CreDtTm>2026-03-10T18:00:00+09:00</CreDtTm><Acct><Id><Othr><Id>90120001014201</Id></Othr></Id><Ccy>KRW</Ccy></Acct>' +
      '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="KRW">0</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-10</Dt></Dt></Bal>\n',
  );
  let written = 600;
  let entries = 0;
  while (written < targetBytes) {
    entries += 1;
    const entry =
      `<Ntry><NtryRef>${entries}</NtryRef><Amt Ccy="KRW">${170000 + (entries % 997) * 10}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
      `<BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-10</Dt></ValDt><AcctSvcrRef>BENCH${entries}</AcctSvcrRef>` +
      '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>' +
      `<NtryDtls><TxDtls><Refs><EndToEndId>HADO-O${entries}</EndToEndId></Refs><Amt Ccy="KRW">${170000 + (entries % 997) * 10}</Amt><CdtDbtInd>DBIT</CdtDbtInd>` +
      `<RltdPties><Cdtr><Pty><Nm>근로자 ${entries}</Nm></Pty></Cdtr><CdtrAcct><Id><Othr><Id>1002${String(entries).padStart(10, '0')}</Id></Othr></Id></CdtrAcct></RltdPties>` +
      '<RmtInf><Ustrd>노무비 2026년 2월분</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n';
    await write(entry);
    written += Buffer.byteLength(entry);
  }
  await write('</Stmt></BkToCstmrStmt></Document>\n');
  await new Promise<void>((r) => out.end(() => r()));
  return entries;
}

/** MB/s of reading a file's bytes and nothing else: the machine's ceiling, measured in the same run. */
async function readMbPerS(file: string): Promise<number> {
  const started = performance.now();
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) bytes += (chunk as Buffer).length;
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

/** MB/s of decoding and tokenizing a file with nothing done per element: the reader's own ceiling. */
async function tokenizerMbPerS(file: string): Promise<number> {
  const started = performance.now();
  let bytes = 0;
  const tokenizer = new XmlTokenizer(
    { openTag() {}, closeTag() {}, text() {} },
    { depthMax: xmlDepthMax, nodeCharsMax: xmlTextBytesMax, attributesMax: xmlAttributesMax },
  );
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    bytes += (chunk as Buffer).length;
    tokenizer.write(decoder.decode(chunk as Buffer, { stream: true }));
  }
  tokenizer.close();
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

/**
 * `hado statement parse FILE --summary` in its own process: its peak RSS (MB) and how long the command ran
 * once the CLI's modules were loaded (s).
 */
function timedParse(file: string): Promise<{ rss: number; seconds: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bench/rss-of-cli.js'), 'statement', 'parse', file, '--summary'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      const rss = /maxRssKb=(\d+)/.exec(stderr);
      const command = /commandMs=(\d+)/.exec(stderr);
      if (code !== 0 || !rss || !command) reject(new Error(`parse failed (${code}): ${stderr.slice(0, 300)}`));
      else resolvePromise({ rss: Number(rss[1]) / 1024, seconds: Number(command[1]) / 1000 });
    });
  });
}

export const parseBenchmark: Benchmark = {
  name: 'parse',
  async run(context) {
    const buffers = sharedFiles.map((file) => readFileSync(join(corpus, file)));
    const texts = buffers.map((buffer) => buffer.toString('utf8'));
    const bytes = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const rounds = context.quick ? 5 : 9;
    const { ours, theirs, ratio } = await throughputs(bytes, rounds, context.quick ? 1_000 : 2_000, [
      () => oursOnce(buffers),
      () => theirsOnce(texts),
    ]);
    context.log(
      `parse: ours ${ours.toFixed(1)} MB/s, iso20022.js ${theirs.toFixed(1)} MB/s on ${sharedFiles.length} corpus camt.053 files`,
    );

    const dir = mkdtempSync(join(tmpdir(), 'hado-bench-parse-'));
    try {
      // What the CLI takes before it reads a byte: the same command on a 24 KB corpus file.
      const baseline = (await timedParse(join(corpus, sharedFiles[3]!))).rss;
      context.log(`parse: peak RSS ${baseline.toFixed(0)} MB summarising a 24 KB file (the CLI's own footprint)`);
      // Peak RSS must not grow with the file: a full run measures a 100 MB file too, for comparison.
      const small = join(dir, 'small.camt053.xml');
      let rssSmall: number | undefined;
      if (!context.quick) {
        await generateCamt053(small, 100 * 1024 * 1024);
        rssSmall = (await timedParse(small)).rss;
        rmSync(small);
        context.log(`parse: peak RSS ${rssSmall.toFixed(0)} MB on a 100 MB camt.053`);
      }
      const file = join(dir, 'large.camt053.xml');
      const target = context.quick ? 50 * 1024 * 1024 : 1024 * 1024 * 1024;
      const entries = await generateCamt053(file, target);
      const size = statSync(file).size;
      const read = await readMbPerS(file);
      const tokenizer = await tokenizerMbPerS(file);
      const { rss, seconds } = await timedParse(file);
      const large = size / 1e6 / seconds;
      context.log(
        `parse: ${(size / 1e6).toFixed(0)} MB camt.053 (${entries} entries) in ${seconds.toFixed(1)} s ` +
          `(${large.toFixed(0)} MB/s; tokenizer alone ${tokenizer.toFixed(0)} MB/s, raw read ${read.toFixed(0)} MB/s), ` +
          `peak RSS ${rss.toFixed(0)} MB`,
      );
      return {
        parse_mb_per_s: round(ours),
        parse_mb_per_s_iso20022js: round(theirs),
        parse_ratio_to_iso20022js: round(ratio),
        parse_large_mb_per_s: round(large),
        parse_large_tokenizer_mb_per_s: round(tokenizer),
        parse_large_read_mb_per_s: round(read),
        parse_large_ratio_to_tokenizer: round(large / tokenizer),
        parse_peak_rss_mb_1gb: round(rss, 0),
        parse_peak_rss_mb_small_file: round(baseline, 0),
        ...(rssSmall === undefined ? {} : { parse_peak_rss_mb_100mb: round(rssSmall, 0) }),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
