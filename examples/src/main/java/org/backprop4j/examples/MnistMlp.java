package org.backprop4j.examples;

// README:begin
import java.nio.file.Path;
import java.util.Map;
import org.backprop4j.data.Datasets;
import org.backprop4j.io.ModelFile;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Predictor;
import org.backprop4j.train.TrainConfig;
import org.backprop4j.train.Training;

public class MnistMlp {
    public static void main(String[] args) {
        Datasets.Split mnist = Datasets.mnist(); // fetched into ./data and verified the first time
        TrainConfig config = TrainConfig.builder().layers(784, 256, 10)
                .activation(Activations.RELU).output(Activations.SOFTMAX).cost(Costs.NLL)
                .optimizer(TrainConfig.OptimizerKind.MOMENTUM).eta(0.05f).momentum(0.9f)
                .batchSize(32).epochs(3).seed(1).build();
        Training.Result result = Training.run(config, mnist, (epoch, network) -> System.out.printf(
                "epoch %d: validation %.2f%%%n", epoch.epoch(), 100 * epoch.validation().accuracy()));
        Network best = result.modelToKeep(); // the weights of the best validation epoch
        ModelFile.save(Path.of("mnist-mlp.bp4j"), best, Map.of());
        Network loaded = ModelFile.load(Path.of("mnist-mlp.bp4j")).network();
        int guess = new Predictor(loaded).classify(mnist.test().row(0));
        System.out.println("test image 0: " + guess + " (label " + mnist.test().label(0) + ")");
    }
}
// README:end
