import { appendedHistory, historyIds } from './history';

describe('appendedHistory', () => {
  it('puts the history after the training items it does not repeat, when all fit', () => {
    expect(appendedHistory([4, 5, 6], [6, 9], 10)).toEqual([4, 5, 6, 9]);
  });

  it('keeps the history whole and fills the slots left with evenly spaced training items', () => {
    // 8 training items, 2 given, width 5: 3 slots for the training items not given (0, 1, 2, 3, 5, 6 → evenly spaced 0, 2, 5)
    expect(appendedHistory([0, 1, 2, 3, 4, 5, 6, 7], [7, 4], 5)).toEqual([0, 2, 5, 7, 4]);
  });

  it('reads an evenly spaced subset of a history longer than the width, and nothing of the training items then', () => {
    expect(appendedHistory([1, 2], [10, 11, 12, 13, 14, 15], 3)).toEqual([10, 12, 14]);
  });

  it('is the training items alone for an empty history', () => {
    expect(appendedHistory([3, 1, 2], [], 2)).toEqual([3, 1]);
  });

  it('takes the same evenly spaced subset of training items as historyIds reads', () => {
    const training = [3, 8, 1, 9, 4, 7, 2, 6, 0];
    const read = Array.from(historyIds(() => training, 1, 4, 10), (x) => x - 1);
    expect(appendedHistory(training, [], 4)).toEqual(read);
  });

  it('with latest (a recent history, lists in time order): the last training items, then the newer ones, each cut to its last items', () => {
    expect(appendedHistory([3, 8, 1, 9], [5], 3, { latest: true })).toEqual([1, 9, 5]);
    expect(appendedHistory([3, 8, 1], [10, 11, 12, 13], 3, { latest: true })).toEqual([11, 12, 13]);
    expect(appendedHistory([3, 8, 1], [8], 3, { latest: true })).toEqual([3, 1, 8]);
  });
});
