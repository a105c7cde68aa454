package org.backprop4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.backprop4j.data.Dataset;
import org.backprop4j.nn.Identity;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Network;
import org.backprop4j.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The vote: the class most members guess; a tie to the larger summed output; each member's own evaluation alongside. */
class EnsembleTest {
    /** A network whose output is the same for every input: zero weights and these biases. */
    static Network constant(float... outputs) {
        Network n = Network.of(new int[] {2, outputs.length}, Identity.INSTANCE, Identity.INSTANCE, Init.XAVIER, new Rng(1));
        n.params().get(0).value().fill(0f);
        n.params().get(1).value().setValues(outputs, 0);
        return n;
    }

    static final Dataset DATA = new Dataset("three", new float[6], new int[] {0, 1, 2}, 2, 3, 0, 0);

    @Test
    void majorityWinsAndTiesGoToTheLargerSummedOutput() {
        Network a = constant(0.9f, 0.1f, 0f), b = constant(0.4f, 0.6f, 0f), c = constant(0.2f, 0.7f, 0.1f);
        Evaluation[] each = new Evaluation[3];
        Evaluation vote = new Ensemble(List.of(a, b, c)).vote(DATA, each);
        assertArrayEquals(new int[] {1, 1, 1}, guesses(vote), "two of three guess class 1");
        assertEquals(1, vote.correct());
        assertArrayEquals(new int[] {0, 0, 0}, guesses(each[0]));
        assertArrayEquals(new int[] {1, 1, 1}, guesses(each[1]));

        // one vote each for 0 and 1: class 0's summed output 1.3 beats class 1's 0.7
        assertArrayEquals(new int[] {0, 0, 0}, guesses(new Ensemble(List.of(a, b)).vote(DATA, null)));
        // equal votes and equal sums: the lower class
        assertArrayEquals(new int[] {0, 0, 0}, guesses(new Ensemble(List.of(constant(0.6f, 0.4f, 0f), constant(0.4f, 0.6f, 0f))).vote(DATA, null)));
    }

    @Test
    void theMeanTakesTheLargestMeanOutputWhereTheVoteTakesTheMajority() {
        Network a = constant(0.9f, 0.1f, 0f), b = constant(0.4f, 0.6f, 0f), c = constant(0.2f, 0.7f, 0.1f);
        Ensemble e = new Ensemble(List.of(a, b, c));
        // votes 1 : 2 for classes 0 and 1, but mean outputs 0.5 : 0.467
        assertArrayEquals(new int[] {1, 1, 1}, guesses(e.evaluate(DATA, Ensemble.Combination.VOTE, null)));
        assertArrayEquals(new int[] {0, 0, 0}, guesses(e.evaluate(DATA, Ensemble.Combination.MEAN, null)));
        Evaluation[] each = new Evaluation[3];
        e.evaluate(DATA, Ensemble.Combination.MEAN, each);
        assertArrayEquals(new int[] {1, 1, 1}, guesses(each[2]), "each member's own guesses alongside");
        // equal means: the lower class
        assertArrayEquals(new int[] {0, 0, 0}, guesses(new Ensemble(List.of(constant(0.5f, 0.5f, 0f))).evaluate(DATA, Ensemble.Combination.MEAN, null)));
        assertEquals(Ensemble.Combination.MEAN, Ensemble.Combination.parse("mean"));
        assertThrows(IllegalArgumentException.class, () -> Ensemble.Combination.parse("average"));
    }

    private static int[] guesses(Evaluation e) {
        int[] g = new int[e.total()];
        for (int i = 0; i < g.length; i++) g[i] = e.guess(i);
        return g;
    }
}
