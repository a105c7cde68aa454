package org.backprop4j.examples;

import org.backprop4j.data.Datasets;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.NetBuilder;
import org.backprop4j.train.TrainConfig;
import org.backprop4j.train.Training;

/**
 * A convolutional network on MNIST (Nielsen's chapter 6 in miniature), with a progress line per
 * thousand examples. Argument: how many training examples to use (default: all 50,000).
 */
public class ConvNet {
    public static Training.Result train(int examples, int epochs) {
        NetBuilder net = new NetBuilder()
                .conv(20, 5, Activations.RELU).maxPool(2)
                .conv(40, 5, Activations.RELU).maxPool(2)
                .dense(100, Activations.RELU)
                .dense(10, Activations.SOFTMAX);
        TrainConfig config = TrainConfig.builder().net(net).cost(Costs.NLL)
                .optimizer(TrainConfig.OptimizerKind.MOMENTUM).eta(0.05f).momentum(0.9f).cosine(0f)
                .batchSize(64).epochs(epochs).limit(examples).validationFraction(0.1).seed(1).build();
        return Training.run(config, Datasets.mnist(), new Training.Listener() {
            @Override
            public void batchFinished(int epoch, int done, int total, double meanCost) {
                if (done % 1024 < 64 || done == total) System.out.printf("epoch %d: %d / %d examples, cost %.4f%n", epoch, done, total, meanCost);
            }

            @Override
            public void epochFinished(org.backprop4j.train.EpochResult r, org.backprop4j.nn.Network network) {
                System.out.printf("epoch %d: validation %.2f%%, test %.2f%%%n", r.epoch(), 100 * r.validation().accuracy(), 100 * r.test().accuracy());
            }
        });
    }

    public static void main(String[] args) {
        train(args.length > 0 ? Integer.parseInt(args[0]) : 0, 2);
    }
}
