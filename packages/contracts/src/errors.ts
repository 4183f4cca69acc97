/** Every error the API can answer with: code → HTTP status and the Chinese message people see by default. */
export const errorCodes = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请按提示修改' },
  BAD_REQUEST: { status: 400, message: '请求无法处理' },
  UNKNOWN_CODE: { status: 400, message: '代码不存在' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  LOGIN_FAILED: { status: 401, message: '用户名或密码错误，或账号已被锁定' },
  TOTP_REQUIRED: { status: 401, message: '请输入动态口令' },
  TOTP_INVALID: { status: 401, message: '动态口令错误或已使用' },
  FORBIDDEN: { status: 403, message: '没有权限执行此操作' },
  CSRF_INVALID: { status: 403, message: '页面已失效，请刷新后重试' },
  PURPOSE_REQUIRED: { status: 400, message: '查看完整信息须说明用途' },
  NOT_FOUND: { status: 404, message: '记录不存在或无权查看' },
  CONFLICT: { status: 409, message: '记录已存在或已被他人修改' },
  DUPLICATE_ID_NUMBER: { status: 409, message: '该身份证号已登记' },
  IDEMPOTENCY_MISMATCH: { status: 422, message: '同一幂等键对应了不同的请求内容' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '文件过大' },
  UNSUPPORTED_FILE: { status: 415, message: '不支持的文件类型' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂不可用，请稍后再试' },
  INTERNAL: { status: 500, message: '系统内部错误，请联系管理员' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** The one error body the API answers with. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: unknown;
    requestId: string;
  };
}

/** A field-level validation problem, in Chinese, for forms. */
export interface FieldIssue {
  path: string;
  message: string;
}
