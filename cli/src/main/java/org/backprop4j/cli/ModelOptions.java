package org.backprop4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backprop4j.BadInputException;
import org.backprop4j.data.Datasets;
import org.backprop4j.io.ModelFile;
import org.backprop4j.loss.Cost;
import org.backprop4j.loss.Costs;

/** Loading a model and the dataset to use it on, shared by evaluate and predict. */
final class ModelOptions {
    private ModelOptions() {}

    static ModelFile.Loaded load(Path model) {
        return ModelFile.load(model);
    }

    /** The cost the model was trained with, if the file names one we know. */
    static Cost cost(ModelFile.Loaded m) {
        String name = m.meta().get("cost");
        if (name == null) return null;
        try {
            return Costs.byName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The names of the model's classes in order (metadata class.0, class.1, ...), or empty. */
    static List<String> classNames(ModelFile.Loaded m) {
        List<String> names = new ArrayList<>();
        while (m.meta().containsKey("class." + names.size())) names.add(m.meta().get("class." + names.size()));
        return names;
    }

    /** The dataset named on the command line, or the one the model was trained on, or MNIST. */
    static String datasetFor(ModelFile.Loaded m, String requested) {
        if (requested != null) return requested;
        return m.meta().getOrDefault("dataset", "mnist");
    }

    /**
     * The data the model is judged on. For a CSV dataset the test split is drawn from the training seed and
     * fraction stored in the model, so evaluation sees exactly the rows training held out.
     */
    static Datasets.Split loadData(ModelFile.Loaded m, String requested, Double testFraction) {
        double fraction = 0.2;
        if (testFraction != null) {
            fraction = testFraction;
        } else {
            try {
                fraction = Double.parseDouble(m.meta().getOrDefault("test.fraction", "0.2"));
            } catch (NumberFormatException ignored) {
                // a model without a readable fraction was trained with the default
            }
        }
        long seed = 1;
        try {
            seed = Long.parseLong(m.meta().getOrDefault("config.seed", "1"));
        } catch (NumberFormatException ignored) {
            // an unreadable seed only matters for CSV splits; 1 is the default seed
        }
        Datasets.Split data = Datasets.load(datasetFor(m, requested), Datasets.defaultDataDir(), seed, fraction, m.meta().get("csv.label"));
        List<String> names = classNames(m);
        List<String> theirs = data.train().classNames();
        if (!names.isEmpty() && !theirs.isEmpty() && !names.equals(theirs)) {
            throw new BadInputException(datasetFor(m, requested) + " has the classes " + theirs + " but the model was trained on " + names);
        }
        return data;
    }
}
