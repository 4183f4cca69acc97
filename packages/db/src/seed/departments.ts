/**
 * The departments the county plan names (中牟县劳动力和人才社会性流动实施方案), as organisations, with the duties
 * that decide what data each may see. `code` is a stable short name used by seeds, tests and configuration.
 */
export interface DepartmentSeed {
  code: string;
  name: string;
  duties: readonly string[];
}

export const departments: readonly DepartmentSeed[] = [
  {
    code: 'hrss',
    name: '中牟县人力资源和社会保障局',
    duties: ['employment', 'archives', 'talent', 'credentials', 'registry'],
  },
  { code: 'sti', name: '中牟县科技和工业信息化局', duties: ['talent'] },
  { code: 'finance', name: '中牟县财政局', duties: ['subsidies'] },
  { code: 'drc', name: '中牟县发展和改革委员会', duties: ['supervision'] },
  { code: 'commerce', name: '中牟县商务局', duties: ['employment'] },
  { code: 'tax', name: '国家税务总局中牟县税务局', duties: ['subsidies'] },
  { code: 'data', name: '中牟县政务服务和大数据管理局', duties: ['services'] },
  { code: 'nrp', name: '中牟县自然资源和规划局', duties: [] },
  { code: 'transport', name: '中牟县交通运输局', duties: [] },
  { code: 'agri', name: '中牟县农业农村工作委员会', duties: ['welfare', 'registry'] },
  { code: 'civil', name: '中牟县民政局', duties: ['welfare', 'registry'] },
  { code: 'housing', name: '中牟县住房和城乡建设局', duties: ['services'] },
  { code: 'water', name: '中牟县水利局', duties: ['welfare'] },
  { code: 'education', name: '中牟县教育局', duties: ['services', 'welfare'] },
  { code: 'finsvc', name: '中牟县金融服务中心', duties: [] },
  { code: 'market', name: '中牟县市场监督管理局', duties: ['employers'] },
  { code: 'fic', name: '中牟县工商业联合会', duties: [] },
  { code: 'veterans', name: '中牟县退役军人事务局', duties: ['employment'] },
  { code: 'police', name: '中牟县公安局', duties: ['services', 'registry'] },
  { code: 'health', name: '中牟县卫生健康委员会', duties: ['services', 'welfare'] },
  { code: 'medsec', name: '中牟县医疗保障局', duties: ['welfare'] },
  { code: 'housemgmt', name: '中牟县房产管理中心', duties: ['services'] },
  { code: 'org', name: '中共中牟县委组织部', duties: ['talent', 'supervision'] },
  { code: 'staffing', name: '中共中牟县委机构编制委员会办公室', duties: [] },
  { code: 'youth', name: '共青团中牟县委员会', duties: [] },
  { code: 'archives', name: '中牟县档案馆', duties: ['archives'] },
  { code: 'union', name: '中牟县总工会', duties: ['employment'] },
  { code: 'publicity', name: '中共中牟县委宣传部', duties: [] },
  { code: 'disabled', name: '中牟县残疾人联合会', duties: ['welfare', 'employment'] },
  { code: 'women', name: '中牟县妇女联合会', duties: ['employment'] },
  { code: 'justice', name: '中牟县司法局', duties: [] },
  { code: 'emergency', name: '中牟县应急管理局', duties: ['welfare'] },
  { code: 'culture', name: '中牟县文化广电和旅游体育局', duties: [] },
  { code: 'park', name: '中牟县产业园区管理委员会', duties: ['employment', 'talent'] },
  { code: 'supervision', name: '中牟县委县政府督查室', duties: ['supervision'] },
];
