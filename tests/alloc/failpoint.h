/* failpoint.h -- the allocation counter that both allocation-failure hooks
 * (the LD_PRELOAD shim failmalloc.c, the link-time wrappers wrap.c) share. */
#ifndef BKSEF_FAILPOINT_H
#define BKSEF_FAILPOINT_H

/* Count one allocation (or stdio open) and say whether it must fail: 1 for
 * the call numbered $BKSEF_FAIL_AT (from 1), else 0.  Calls made before
 * failpoint_arm, or while the counter itself is at work, are not counted.
 * With $BKSEF_FAIL_SITES set, the caller of every counted call is recorded.
 * A hook calls failpoint_hit directly, so that the frame after the hook's
 * is its caller's.  Everything is written to the file $BKSEF_FAIL_LOG:
 *   fail N OBJECT OFFSET SYMBOL   the call that failed, at once, then its
 *     at OBJECT OFFSET SYMBOL     stack, one frame a line;
 *   crash SIGNAL                  a crash, then its stack the same way;
 *   count N                       at exit: how many calls were counted;
 *   site OBJECT OFFSET CALLS      at exit, with $BKSEF_FAIL_SITES: each
 *                                 distinct caller and its number of calls;
 *   call N OBJECT OFFSET SYMBOL   then the caller of each call in order.
 * OBJECT is the file holding the caller (the first frame outside the hook
 * and the C library), OFFSET the return address less the object's load
 * address, for addr2line. */
int failpoint_hit(void);

/* Start counting (the hooks call this from a constructor, so that what the
 * C library does before main is left alone).  CRASH: also record crashes
 * (SIGSEGV and the like) with their stack, then die of the signal. */
void failpoint_arm(int crash);

#endif
