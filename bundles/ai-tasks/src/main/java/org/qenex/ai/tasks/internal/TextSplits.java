package org.qenex.ai.tasks.internal;

import java.util.List;
import java.util.Set;

import org.qenex.api.ai.Attribute;
import org.qenex.api.ai.Dataset;
import org.qenex.api.ai.TaskData;

/**
 * How a text task's three splits are sampled from its {@link TextGenerator}: training rows from
 * {@code trainingSeed}, public rows from {@code publicSeed} (both public, so anyone reproduces
 * them), held-out rows from the epoch's secret seed ({@link HeldOutSecret#seed}); each split leaves
 * out every text of the splits drawn before it, so no held-out row is ever a training or public
 * row. The fixed splits are drawn once; an epoch draws only its held-out rows.
 */
final class TextSplits {

    private final String resource;
    private final String textName;
    private final String className;
    private final long trainingSeed;
    private final long publicSeed;
    private final int[] perLabel;
    private final int minSymbols;
    private final int maxSymbols;
    // drawn on first use, so activating the bundle stays fast; the generator itself (tens of MB of
    // n-gram tables) is read again for each new epoch instead of being kept for hours between epochs
    private List<Attribute> attributes;
    private Dataset training;
    private Dataset publicSplit;

    /**
     * @param resource the generator file, beside this class
     * @param perLabel rows per label: training, public, held-out
     * @param minSymbols and {@code maxSymbols}: the length of a row, in characters or tokens
     */
    TextSplits(String resource, String textName, String className, long trainingSeed, long publicSeed, int[] perLabel,
            int minSymbols, int maxSymbols) {
        this.resource = resource;
        this.textName = textName;
        this.className = className;
        this.trainingSeed = trainingSeed;
        this.publicSeed = publicSeed;
        this.perLabel = perLabel.clone();
        this.minSymbols = minSymbols;
        this.maxSymbols = maxSymbols;
    }

    /** The task data of the epoch whose held-out seed is {@code heldOutSeed}. */
    synchronized TaskData draw(long heldOutSeed) {
        TextGenerator generator = TextGenerator.read(resource);
        if (training == null) {
            attributes = List.of(Attribute.text(textName), Attribute.nominal(className, generator.labels()));
            training = generator.sample(trainingSeed, perLabel[0], minSymbols, maxSymbols, Set.of(), attributes);
            publicSplit = generator.sample(publicSeed, perLabel[1], minSymbols, maxSymbols, TextGenerator.texts(training),
                    attributes);
        }
        return new TaskData(training, publicSplit, generator.sample(heldOutSeed, perLabel[2], minSymbols, maxSymbols,
                TextGenerator.texts(training, publicSplit), attributes));
    }
}
