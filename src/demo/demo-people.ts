/**
 * The people and firms of the demo world: a Seoul subway finishing contract. All names, numbers and
 * accounts are invented; business numbers are made valid by their check digit so the real rules apply.
 */
export const demoPassword = 'hado-demo-2026';

export type DemoFirm = {
  readonly key: string;
  readonly prefix: string; // first nine digits; the check digit is computed
  readonly name: string;
  readonly nameEn: string;
  readonly representative: string;
  readonly bankCode: string;
  readonly accountNumber: string;
};

export const demoPrime: DemoFirm = {
  key: 'prime',
  prefix: '214871234',
  name: '(주)한강종합건설',
  nameEn: 'Hangang Construction Co., Ltd.',
  representative: '김도현',
  bankCode: '004',
  accountNumber: '47210104118801',
};

export const demoSubcontractors = [
  {
    key: 'sub-tile',
    prefix: '118813452',
    name: '(주)동방타일',
    nameEn: 'Dongbang Tile Co., Ltd.',
    representative: '이정우',
    bankCode: '020',
    accountNumber: '1005203318842',
    title: '역사 타일·석공사',
    amountWon: 2_850_000_000n,
  },
  {
    key: 'sub-interior',
    prefix: '220876543',
    name: '세진인테리어(주)',
    nameEn: 'Sejin Interior Co., Ltd.',
    representative: '박서연',
    bankCode: '088',
    accountNumber: '140011927734',
    title: '수장·도장공사',
    amountWon: 3_120_000_000n,
  },
  {
    key: 'sub-electric',
    prefix: '305810921',
    name: '(주)한빛전기',
    nameEn: 'Hanbit Electric Co., Ltd.',
    representative: '최민준',
    bankCode: '081',
    accountNumber: '35791004412307',
    title: '전기·조명설비공사',
    amountWon: 1_960_000_000n,
  },
] as const;

export const demoTier2 = {
  key: 'sub-stone',
  prefix: '410237788',
  name: '미래석재',
  nameEn: 'Mirae Stone',
  representative: '정하늘',
  bankCode: '011',
  accountNumber: '3020984410291',
  title: '대합실 화강석 시공',
  amountWon: 640_000_000n,
  parent: 'sub-tile',
} as const;

export const demoSuppliers = [
  {
    key: 'supplier-cement',
    prefix: '124815566',
    name: '(주)대한시멘트',
    nameEn: 'Daehan Cement Co., Ltd.',
    representative: '윤재석',
    bankCode: '003',
    accountNumber: '02410771300019',
    kind: 'material' as const,
    title: '레미콘·몰탈 공급',
    amountWon: 480_000_000n,
  },
  {
    key: 'supplier-equipment',
    prefix: '507860312',
    name: '서울중장비렌탈(주)',
    nameEn: 'Seoul Heavy Equipment Rental Co., Ltd.',
    representative: '한지훈',
    bankCode: '004',
    accountNumber: '59230101442817',
    kind: 'equipment' as const,
    title: '고소작업대·지게차 임대',
    amountWon: 260_000_000n,
  },
] as const;

/** Twenty workers: name, employer (prime or a subcontractor's key), trade and daily wage. */
export const demoWorkers: readonly {
  name: string;
  employer: string;
  trade: string;
  dailyWageWon: bigint;
  bankCode: string;
}[] = [
  { name: '이상철', employer: 'sub-tile', trade: '타일공', dailyWageWon: 260_000n, bankCode: '011' },
  { name: '김영호', employer: 'sub-tile', trade: '타일공', dailyWageWon: 260_000n, bankCode: '004' },
  { name: '박정민', employer: 'sub-tile', trade: '조적공', dailyWageWon: 240_000n, bankCode: '020' },
  { name: '최동수', employer: 'sub-tile', trade: '보통인부', dailyWageWon: 170_000n, bankCode: '088' },
  { name: '정미경', employer: 'sub-tile', trade: '줄눈공', dailyWageWon: 210_000n, bankCode: '081' },
  { name: '강태식', employer: 'sub-interior', trade: '도장공', dailyWageWon: 250_000n, bankCode: '004' },
  { name: '조현우', employer: 'sub-interior', trade: '내장목공', dailyWageWon: 265_000n, bankCode: '090' },
  { name: '윤서준', employer: 'sub-interior', trade: '도장공', dailyWageWon: 250_000n, bankCode: '011' },
  { name: '장은비', employer: 'sub-interior', trade: '보통인부', dailyWageWon: 170_000n, bankCode: '020' },
  { name: '임재형', employer: 'sub-interior', trade: '수장공', dailyWageWon: 245_000n, bankCode: '003' },
  { name: '한승우', employer: 'sub-electric', trade: '내선전공', dailyWageWon: 280_000n, bankCode: '004' },
  { name: '오민석', employer: 'sub-electric', trade: '내선전공', dailyWageWon: 280_000n, bankCode: '088' },
  { name: '서지훈', employer: 'sub-electric', trade: '통신내선공', dailyWageWon: 275_000n, bankCode: '081' },
  { name: '신동혁', employer: 'sub-electric', trade: '보통인부', dailyWageWon: 170_000n, bankCode: '011' },
  { name: '권나래', employer: 'sub-stone', trade: '석공', dailyWageWon: 270_000n, bankCode: '020' },
  { name: '황보석', employer: 'sub-stone', trade: '석공', dailyWageWon: 270_000n, bankCode: '004' },
  { name: '안철민', employer: 'prime', trade: '형틀목공', dailyWageWon: 255_000n, bankCode: '088' },
  { name: '송유진', employer: 'prime', trade: '철근공', dailyWageWon: 250_000n, bankCode: '090' },
  { name: '류재현', employer: 'prime', trade: '비계공', dailyWageWon: 260_000n, bankCode: '081' },
  { name: 'Nguyen Van An', employer: 'prime', trade: '보통인부', dailyWageWon: 170_000n, bankCode: '011' },
];
