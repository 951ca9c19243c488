package io.docusigncamel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.docusigncamel.ledger.Ledger.Claim;
import io.docusigncamel.ledger.Ledger.Claim.Kind;
import io.docusigncamel.ledger.Ledger.RowRecord;

class RowClaimTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);
    private static final Instant T2 = T0.plusSeconds(20);

    private Ledger ledger;
    private long runA;

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open(LedgerFiles.newFileUrl("claims"), null, null);
        runA = ledger.beginRun("a.csv", LedgerFiles.sha256(1), T0).id();
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Test
    void claimsANewKeyAsPending() {
        Claim claim = ledger.claim("EMP-1", runA, "a.csv", 3, T0);

        assertThat(claim.kind()).isEqualTo(Kind.CLAIMED);
        assertThat(claim.existing()).isEmpty();
        RowRecord record = ledger.row("EMP-1").orElseThrow();
        assertThat(record.isPending()).isTrue();
        assertThat(record.sourceFile()).isEqualTo("a.csv");
        assertThat(record.row()).isEqualTo(3);
        assertThat(record.runId()).isEqualTo(runA);
        assertThat(record.pendingSince()).isEqualTo(T0);
        assertThat(record.attempts()).isZero();
        assertThat(record.envelopeId()).isEmpty();
    }

    @Test
    void recordSentMarksTheKeyAndRecordsTheRowOutcomeTogether() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);

        ledger.recordSent(runA, 3, "EMP-1", "env-1", T1);
        ledger.recordSent(runA, 3, "EMP-1", "env-1", T2);

        assertThat(ledger.row("EMP-1").orElseThrow().envelopeId()).contains("env-1");
        List<Ledger.OutcomeLine> lines = new ArrayList<>();
        ledger.forEachOutcome(runA, lines::add);
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.row()).isEqualTo(3);
            assertThat(l.outcome()).isEqualTo(Outcome.SENT);
            assertThat(l.envelopeId()).isEqualTo("env-1");
        });
        assertThatThrownBy(() -> ledger.recordSent(runA, 3, "EMP-1", "env-2", T2))
                .isInstanceOf(ExactlyOnceViolationException.class);
        assertThatThrownBy(() -> ledger.recordSent(runA, 4, "NEVER-CLAIMED", "env-3", T2))
                .isInstanceOf(LedgerException.class);
    }

    @Test
    void aPendingKeyClaimedAgainIsUncertainForTheSameRowAndForAnotherRun() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        long runB = ledger.beginRun("b.csv", LedgerFiles.sha256(2), T1).id();

        Claim sameRow = ledger.claim("EMP-1", runA, "a.csv", 3, T1);
        Claim otherRun = ledger.claim("EMP-1", runB, "b.csv", 1, T1);

        assertThat(sameRow.kind()).isEqualTo(Kind.PENDING_UNCERTAIN);
        assertThat(otherRun.kind()).isEqualTo(Kind.PENDING_UNCERTAIN);
        assertThat(otherRun.existing()).get().satisfies(record -> {
            assertThat(record.sourceFile()).isEqualTo("a.csv");
            assertThat(record.row()).isEqualTo(3);
            assertThat(record.runId()).isEqualTo(runA);
            assertThat(record.pendingSince()).isEqualTo(T0);
        });
    }

    @Test
    void aKeySentByThisRowOfThisRunIsAlreadySent() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        ledger.markSent("EMP-1", "env-1", T1);
        long resumed = ledger.beginRun("a.csv", LedgerFiles.sha256(1), T2).id();

        Claim claim = ledger.claim("EMP-1", resumed, "a.csv", 3, T2);

        assertThat(resumed).isEqualTo(runA);
        assertThat(claim.kind()).isEqualTo(Kind.ALREADY_SENT);
        assertThat(claim.envelopeId()).contains("env-1");
    }

    @Test
    void aKeySentByAnEarlierRunIsADuplicateWithTheFirstEnvelope() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        ledger.markSent("EMP-1", "env-1", T1);
        ledger.finishRun(runA, T1);
        long again = ledger.beginRun("a.csv", LedgerFiles.sha256(1), T2).id();

        Claim claim = ledger.claim("EMP-1", again, "a.csv", 3, T2);

        assertThat(again).isNotEqualTo(runA);
        assertThat(claim.kind()).isEqualTo(Kind.DUPLICATE);
        assertThat(claim.envelopeId()).contains("env-1");
        assertThat(claim.existing()).get().satisfies(record -> {
            assertThat(record.sourceFile()).isEqualTo("a.csv");
            assertThat(record.row()).isEqualTo(3);
        });
    }

    @Test
    void aKeyClaimedByAnotherRowOfThisRunIsADuplicateInTheFileWhateverItsState() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);

        Claim whilePending = ledger.claim("EMP-1", runA, "a.csv", 9, T1);
        ledger.markSent("EMP-1", "env-1", T1);
        Claim afterSent = ledger.claim("EMP-1", runA, "a.csv", 9, T2);

        assertThat(whilePending.kind()).isEqualTo(Kind.DUPLICATE_IN_FILE);
        assertThat(whilePending.existing()).get().extracting(RowRecord::row).isEqualTo(3);
        assertThat(afterSent.kind()).isEqualTo(Kind.DUPLICATE_IN_FILE);
        assertThat(afterSent.envelopeId()).contains("env-1");
    }

    @Test
    void aKeyThatFailedInAnEarlierRunIsClaimedAgainForARetry() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        ledger.markFailed("EMP-1", "TEMPLATE_ID_INVALID", "Invalid template ID.", T1);
        long runB = ledger.beginRun("b.csv", LedgerFiles.sha256(2), T2).id();

        Claim claim = ledger.claim("EMP-1", runB, "b.csv", 5, T2);

        assertThat(claim.kind()).isEqualTo(Kind.CLAIMED);
        assertThat(claim.existing()).get().satisfies(earlier -> {
            assertThat(earlier.isFailed()).isTrue();
            assertThat(earlier.errorCode()).contains("TEMPLATE_ID_INVALID");
        });
        RowRecord now = ledger.row("EMP-1").orElseThrow();
        assertThat(now.isPending()).isTrue();
        assertThat(now.runId()).isEqualTo(runB);
        assertThat(now.sourceFile()).isEqualTo("b.csv");
        assertThat(now.row()).isEqualTo(5);
        assertThat(now.pendingSince()).isEqualTo(T2);
        assertThat(now.errorCode()).isEmpty();
        assertThat(now.errorMessage()).isEmpty();
    }

    @Test
    void aKeyThatFailedForThisRowOfThisRunIsAlreadyFailed() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        ledger.markFailed("EMP-1", "TEMPLATE_ID_INVALID", "Invalid template ID.", T1);

        Claim claim = ledger.claim("EMP-1", runA, "a.csv", 3, T2);

        assertThat(claim.kind()).isEqualTo(Kind.ALREADY_FAILED);
        assertThat(claim.existing()).get().extracting(record -> record.errorMessage().orElseThrow())
                .isEqualTo("Invalid template ID.");
    }

    @Test
    void markingSentTwiceWithTheSameEnvelopeChangesNothing() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        ledger.markSent("EMP-1", "env-1", T1);

        ledger.markSent("EMP-1", "env-1", T2);

        RowRecord record = ledger.row("EMP-1").orElseThrow();
        assertThat(record.envelopeId()).contains("env-1");
        assertThat(record.updatedAt()).isEqualTo(T1);
    }

    @Test
    void markingASentKeySentWithAnotherEnvelopeIsAnExactlyOnceViolation() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        ledger.markSent("EMP-1", "env-1", T1);

        assertThatThrownBy(() -> ledger.markSent("EMP-1", "env-2", T2))
                .isInstanceOf(ExactlyOnceViolationException.class)
                .hasMessageContaining("env-1")
                .hasMessageContaining("env-2");
        assertThat(ledger.row("EMP-1").orElseThrow().envelopeId()).contains("env-1");
    }

    @Test
    void aSentKeyCannotBecomeFailed() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        ledger.markSent("EMP-1", "env-1", T1);

        assertThatThrownBy(() -> ledger.markFailed("EMP-1", "X", "late failure", T2))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("already sent as envelope env-1");
        assertThat(ledger.row("EMP-1").orElseThrow().isSent()).isTrue();
    }

    @Test
    void anUnclaimedKeyCannotBeMarked() {
        assertThatThrownBy(() -> ledger.markSent("NOPE", "env-1", T0))
                .isInstanceOf(LedgerException.class).hasMessageContaining("never claimed");
        assertThatThrownBy(() -> ledger.markFailed("NOPE", "X", "y", T0))
                .isInstanceOf(LedgerException.class).hasMessageContaining("never claimed");
        assertThatThrownBy(() -> ledger.notePendingAttempt("NOPE", T0))
                .isInstanceOf(LedgerException.class).hasMessageContaining("never claimed");
    }

    @Test
    void notesAttemptsOnPendingKeysOnly() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);

        ledger.notePendingAttempt("EMP-1", T1);
        ledger.notePendingAttempt("EMP-1", T2);
        RowRecord pending = ledger.row("EMP-1").orElseThrow();
        ledger.markSent("EMP-1", "env-1", T2.plusSeconds(1));
        ledger.notePendingAttempt("EMP-1", T2.plusSeconds(2));

        assertThat(pending.attempts()).isEqualTo(2);
        assertThat(pending.updatedAt()).isEqualTo(T2);
        assertThat(pending.pendingSince()).isEqualTo(T0);
        assertThat(ledger.row("EMP-1").orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void listsEveryPendingKeyOldestFirst() {
        ledger.claim("EMP-2", runA, "a.csv", 2, T1);
        ledger.claim("EMP-1", runA, "a.csv", 1, T0);
        ledger.claim("EMP-3", runA, "a.csv", 3, T2);
        ledger.claim("EMP-4", runA, "a.csv", 4, T2);
        ledger.markSent("EMP-3", "env-3", T2);
        ledger.markFailed("EMP-4", "X", "y", T2);

        assertThat(ledger.pendingRows()).extracting(RowRecord::rowKey).containsExactly("EMP-1", "EMP-2");
    }

    @Test
    void onlyOneOfTwoResolversTakesOverTheSamePendingRecord() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        RowRecord observed = ledger.pendingRows().get(0);
        long runB = ledger.beginRun("b.csv", LedgerFiles.sha256(2), T1).id();
        long runC = ledger.beginRun("c.csv", LedgerFiles.sha256(3), T1).id();

        boolean byB = ledger.takeOver(observed, runB, "b.csv", 7, T1);
        boolean byC = ledger.takeOver(observed, runC, "c.csv", 8, T1);

        assertThat(byB).isTrue();
        assertThat(byC).isFalse();
        RowRecord record = ledger.row("EMP-1").orElseThrow();
        assertThat(record.runId()).isEqualTo(runB);
        assertThat(record.row()).isEqualTo(7);
        assertThat(record.pendingSince()).isEqualTo(T0);
        assertThat(ledger.claim("EMP-1", runB, "b.csv", 7, T2).kind()).isEqualTo(Kind.PENDING_UNCERTAIN);
    }

    @Test
    void aRecordThatChangedSinceItWasObservedIsNotTakenOver() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);
        RowRecord observed = ledger.row("EMP-1").orElseThrow();
        ledger.notePendingAttempt("EMP-1", T1);
        long runB = ledger.beginRun("b.csv", LedgerFiles.sha256(2), T1).id();

        assertThat(ledger.takeOver(observed, runB, "b.csv", 7, T2)).isFalse();
        assertThat(ledger.row("EMP-1").orElseThrow().runId()).isEqualTo(runA);
    }

    @Test
    void refusesRowKeysLongerThanDocuSignCarries() {
        String longest = "k".repeat(Ledger.MAX_ROW_KEY_LENGTH);

        assertThat(ledger.claim(longest, runA, "a.csv", 1, T0).kind()).isEqualTo(Kind.CLAIMED);
        assertThatThrownBy(() -> ledger.claim(longest + "k", runA, "a.csv", 2, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rowKey must be 1 to 100 characters");
        assertThatThrownBy(() -> ledger.claim("", runA, "a.csv", 2, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cutsLongErrorMessagesWithAnEllipsis() {
        ledger.claim("EMP-1", runA, "a.csv", 3, T0);

        ledger.markFailed("EMP-1", "E".repeat(300), "m".repeat(10_000), T1);

        RowRecord record = ledger.row("EMP-1").orElseThrow();
        assertThat(record.errorCode().orElseThrow()).hasSize(100).endsWith("…");
        assertThat(record.errorMessage().orElseThrow()).hasSize(Ledger.MAX_DETAIL_LENGTH).endsWith("m…");
    }

    @Test
    void refusesWorkAfterClose() {
        ledger.close();

        assertThatThrownBy(() -> ledger.row("EMP-1"))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("closed");
    }
}
