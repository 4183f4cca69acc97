import { type TTransferState, transferStateLabels } from '@qiaoti/contracts';
import { AppError } from '../../errors.ts';

/**
 * The transfer state machine (DOMAIN §1): requested → approved (调档函 issued) → sent (机要通信 or 专人送取, with a
 * tracking number) → received (回执) or returned for completion → sent again. Withdrawal only before sending.
 */
export const transferTransitions: Readonly<Record<TTransferState, readonly TTransferState[]>> = {
  requested: ['approved', 'withdrawn'],
  approved: ['sent', 'withdrawn'],
  sent: ['received', 'returned'],
  returned: ['sent'],
  received: [],
  withdrawn: [],
};

export const openTransferStates: readonly TTransferState[] = ['requested', 'approved', 'sent', 'returned'];

export function canTransition(from: TTransferState, to: TTransferState): boolean {
  return transferTransitions[from].includes(to);
}

export function assertTransition(from: TTransferState, to: TTransferState): void {
  if (!canTransition(from, to)) {
    throw new AppError(
      'CONFLICT',
      `转递当前为“${transferStateLabels[from]}”，不能改为“${transferStateLabels[to]}”`,
    );
  }
}
